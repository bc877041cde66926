package demo

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"net/http"
	"os"
	"reflect"
	"strings"
	"testing"
	"time"
)

// recordedREST is testdata/rest.json: what the real server answered at the
// end of the recording, and message lists taken during the turn.
type recordedREST struct {
	Session     json.RawMessage   `json:"session"`
	Messages    json.RawMessage   `json:"messages"`
	Status      json.RawMessage   `json:"status"`
	Permission  json.RawMessage   `json:"permission"`
	Question    json.RawMessage   `json:"question"`
	History     []json.RawMessage `json:"history"`
	Checkpoints []struct {
		From     int             `json:"from"` // the answer is the fold of Frames[:k], from <= k <= to
		To       int             `json:"to"`
		Messages json.RawMessage `json:"messages"`
	} `json:"checkpoints"`
}

func loadREST(t *testing.T) recordedREST {
	t.Helper()
	data, err := os.ReadFile("testdata/rest.json")
	if err != nil {
		t.Fatal(err)
	}
	var r recordedREST
	if err := json.Unmarshal(data, &r); err != nil {
		t.Fatal(err)
	}
	return r
}

func builtin(t *testing.T) *Recording {
	t.Helper()
	rec, err := Builtin()
	if err != nil {
		t.Fatal(err)
	}
	return rec
}

// sameJSON compares two JSON texts by value.
func sameJSON(t *testing.T, a, b []byte) bool {
	t.Helper()
	var va, vb any
	if err := json.Unmarshal(a, &va); err != nil {
		t.Fatalf("not JSON: %v: %.200s", err, a)
	}
	if err := json.Unmarshal(b, &vb); err != nil {
		t.Fatalf("not JSON: %v: %.200s", err, b)
	}
	return reflect.DeepEqual(va, vb)
}

func get(t *testing.T, url string) (int, []byte) {
	t.Helper()
	resp, err := http.Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	return resp.StatusCode, body
}

// stream is one open /global/event connection: its data lines arrive on
// frames; err gets why it ended.
type stream struct {
	frames chan []byte
	err    chan error
}

// subscribe opens /global/event; a refusal returns its status.
func subscribe(t *testing.T, s *Server) (*stream, int) {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, _ := http.NewRequestWithContext(ctx, http.MethodGet, s.URL()+"/global/event", nil)
	resp, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		return nil, resp.StatusCode
	}
	st := &stream{frames: make(chan []byte, 1024), err: make(chan error, 1)}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(nil, 16<<20)
		for sc.Scan() {
			if data, ok := bytes.CutPrefix(sc.Bytes(), []byte("data: ")); ok {
				st.frames <- append([]byte(nil), data...)
			}
		}
		err := sc.Err()
		if err == nil {
			err = io.EOF
		}
		st.err <- err
	}()
	return st, http.StatusOK
}

// collect reads recorded frames (not server.connected or heartbeats) until
// the stream ends or stop says so.
func (st *stream) collect(t *testing.T, stop func([][]byte) bool) ([][]byte, error) {
	t.Helper()
	var got [][]byte
	deadline := time.After(30 * time.Second)
	for {
		select {
		case f := <-st.frames:
			if strings.Contains(string(f), `"type":"server.`) {
				continue
			}
			got = append(got, f)
			if stop != nil && stop(got) {
				return got, nil
			}
		case err := <-st.err:
			for len(st.frames) > 0 {
				if f := <-st.frames; !strings.Contains(string(f), `"type":"server.`) {
					got = append(got, f)
				}
			}
			return got, err
		case <-deadline:
			return got, errors.New("timed out")
		}
	}
}

func dataOf(frames []Frame) [][]byte {
	out := make([][]byte, len(frames))
	for i, f := range frames {
		out[i] = f.Data
	}
	return out
}

type jsonRaw = json.RawMessage

func mustJSON(t *testing.T, v any) []byte {
	t.Helper()
	data, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return data
}
