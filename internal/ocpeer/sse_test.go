package ocpeer

import (
	"bufio"
	"context"
	"encoding/json"
	"net/http"
	"strings"
	"testing"
	"time"
)

// globalEvent is one /global/event frame.
type globalEvent struct {
	Directory string `json:"directory"`
	Payload   struct {
		ID         string          `json:"id"`
		Type       string          `json:"type"`
		Properties json.RawMessage `json:"properties"`
		SyncEvent  *struct {
			Type        string `json:"type"`
			Seq         int    `json:"seq"`
			AggregateID string `json:"aggregateID"`
		} `json:"syncEvent"`
	} `json:"payload"`
}

// sessionOf extracts properties.sessionID (or info/part's) of an event.
func (e globalEvent) sessionOf() string {
	var p struct {
		SessionID string `json:"sessionID"`
		Info      struct {
			SessionID string `json:"sessionID"`
		} `json:"info"`
	}
	_ = json.Unmarshal(e.Payload.Properties, &p)
	if p.SessionID != "" {
		return p.SessionID
	}
	return p.Info.SessionID
}

// subscribe opens path with a plain client and delivers its data frames
// until the test ends. The connect has its own timeout: a stream opened
// while the server is still starting may never be answered.
func subscribe(t *testing.T, s *Server, path string) <-chan globalEvent {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := s.NewRequest(ctx, http.MethodGet, path, nil)
	if err != nil {
		t.Fatal(err)
	}
	client := &http.Client{Transport: &http.Transport{Proxy: nil, ResponseHeaderTimeout: 5 * time.Second}}
	resp, err := client.Do(req)
	if err != nil {
		t.Fatalf("subscribe %s: %v", path, err)
	}
	if resp.StatusCode != http.StatusOK || !strings.HasPrefix(resp.Header.Get("Content-Type"), "text/event-stream") {
		resp.Body.Close()
		t.Fatalf("subscribe %s: %s %s", path, resp.Status, resp.Header.Get("Content-Type"))
	}
	out := make(chan globalEvent, 1024)
	go func() {
		defer close(out)
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
		for sc.Scan() {
			data, ok := strings.CutPrefix(sc.Text(), "data: ")
			if !ok {
				continue
			}
			var ev globalEvent
			if json.Unmarshal([]byte(data), &ev) != nil {
				continue
			}
			select {
			case out <- ev:
			case <-ctx.Done():
				return
			}
		}
	}()
	return out
}

// next returns the next frame or fails the test after timeout.
func next(t *testing.T, events <-chan globalEvent, timeout time.Duration) globalEvent {
	t.Helper()
	ev, ok := tryNext(events, timeout)
	if !ok {
		t.Fatalf("no event within %s (or the stream ended)", timeout)
	}
	return ev
}

// tryNext returns the next frame, or false after timeout or at stream end.
func tryNext(events <-chan globalEvent, timeout time.Duration) (globalEvent, bool) {
	tm := time.NewTimer(timeout)
	defer tm.Stop()
	select {
	case ev, ok := <-events:
		return ev, ok
	case <-tm.C:
		return globalEvent{}, false
	}
}
