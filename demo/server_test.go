package demo

import (
	"bytes"
	"net/http"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/reconcile"
)

// TestBuiltinRecordingShowsAllPartKinds checks that the shipped session has
// what the demo promises: reasoning, a tool call and multi-paragraph text,
// with the outage inside the turn.
func TestBuiltinRecordingShowsAllPartKinds(t *testing.T) {
	rec := builtin(t)
	kinds := map[string]bool{}
	m := reconcile.New(rec.Session)
	for _, f := range rec.Frames {
		ev, _, err := reconcile.DecodeFrame(f.Data)
		if err != nil {
			t.Fatal(err)
		}
		m.Apply(ev)
	}
	for _, msg := range m.Messages() {
		for _, p := range msg.Parts {
			kinds[p.Type] = true
			if p.Type == "text" && strings.Count(p.Text, "\n\n") >= 2 {
				kinds["paragraphs"] = true
			}
		}
	}
	for _, want := range []string{"reasoning", "tool", "text", "paragraphs"} {
		if !kinds[want] {
			t.Errorf("the recording has no %s part; kinds %v", want, kinds)
		}
	}
	if o := rec.Outage; o.At <= 0 || o.Resume <= o.At || o.Resume >= rec.Duration() {
		t.Errorf("outage %+v is not inside the %d ms replay", o, rec.Duration())
	}
	if strings.Contains(string(embedded), "/tmp/") {
		t.Error("the recording holds a temp path; re-record to sanitise it")
	}
}

// TestServerEndsInTheRecordedState plays the whole recording through the
// outage and compares every REST answer with what the real server gave.
func TestServerEndsInTheRecordedState(t *testing.T) {
	rec, want := builtin(t), loadREST(t)
	s := startServer(t, Options{Speed: 40, Lead: -1})
	playThrough(t, s)

	checks := []struct {
		path string
		want []byte
	}{
		{"/session/" + rec.Session, want.Session},
		{"/session/" + rec.Session + "/message", want.Messages},
		{"/session/status?directory=" + rec.Directory, want.Status},
		{"/permission", want.Permission},
		{"/question", want.Question},
	}
	for _, c := range checks {
		code, body := get(t, s.URL()+c.path)
		if code != http.StatusOK || !sameJSON(t, body, c.want) {
			t.Errorf("GET %s: %d %.300s\nwant %.300s", c.path, code, body, c.want)
		}
	}
	resp, err := http.Post(s.URL()+"/sync/history", "application/json", strings.NewReader(`{}`))
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	var got bytes.Buffer
	_, _ = got.ReadFrom(resp.Body)
	wantHistory := []byte("[" + string(bytes.Join(bytesOf(want.History), []byte(","))) + "]")
	if !sameJSON(t, got.Bytes(), wantHistory) {
		t.Errorf("POST /sync/history differs from the recorded one:\n got  %.300s\n want %.300s", got.Bytes(), wantHistory)
	}
	if code, _ := get(t, s.URL()+"/session/ses_unknown"); code != http.StatusNotFound {
		t.Errorf("unknown session: status %d, want 404", code)
	}
}

// TestCheckpointsMatchTheFold checks that REST answers follow the replay:
// every message list the real server gave mid-turn equals the fold of the
// frames received around that moment.
func TestCheckpointsMatchTheFold(t *testing.T) {
	rec, want := builtin(t), loadREST(t)
	if len(want.Checkpoints) < 3 {
		t.Fatalf("only %d checkpoints recorded", len(want.Checkpoints))
	}
	for i, c := range want.Checkpoints {
		matched := false
		for k := c.From; k <= c.To && !matched; k++ {
			st := newStore(rec.Session)
			for _, f := range rec.Frames[:k] {
				st.apply(f.Data)
			}
			body := mustJSON(t, st.messages())
			matched = sameJSON(t, body, c.Messages)
		}
		if !matched {
			t.Errorf("checkpoint %d: no fold of frames %d..%d gives the server's message list", i, c.From, c.To)
		}
	}
}

// TestStreamDropsOnceAndResumesAfterTheOutage checks the event stream: all
// frames before the outage, a cut, refusals while it lasts, and then
// exactly the frames after it (the clock waits for the client).
func TestStreamDropsOnceAndResumesAfterTheOutage(t *testing.T) {
	rec := builtin(t)
	var wantBefore, wantAfter []Frame
	for _, f := range rec.Frames[rec.Start:] {
		switch {
		case f.At < rec.Outage.At:
			wantBefore = append(wantBefore, f)
		case f.At > rec.Outage.Resume:
			wantAfter = append(wantAfter, f)
		}
	}
	// The outage lasts a second whatever the speed, so the refusal is
	// seen even on a loaded machine.
	s := startServer(t, Options{Speed: 20, Lead: -1, MinOutage: time.Second})
	t0 := time.Now()
	first, code := subscribe(t, s)
	if code != http.StatusOK {
		t.Fatalf("first connection refused: %d", code)
	}
	before, err := first.collect(t, nil)
	if err == nil || strings.Contains(err.Error(), "timed out") {
		t.Fatalf("the first connection was not cut: %v", err)
	}
	if _, code := subscribe(t, s); code != http.StatusServiceUnavailable {
		t.Errorf("connection during the outage: status %d, want 503", code)
	}
	var second *stream
	for second == nil {
		if second, code = subscribe(t, s); code != http.StatusOK && code != http.StatusServiceUnavailable {
			t.Fatalf("reconnect: status %d", code)
		}
		time.Sleep(5 * time.Millisecond)
	}
	after, err := second.collect(t, func(got [][]byte) bool { return len(got) >= len(wantAfter) })
	if err != nil {
		t.Errorf("second connection: %v", err)
	}
	elapsed := time.Since(t0)
	assertFrames(t, "before the outage", before, dataOf(wantBefore))
	assertFrames(t, "after the outage", after, dataOf(wantAfter))
	outage := rec.Outage.Resume - rec.Outage.At
	if min := time.Duration(float64(rec.Duration()-outage)/20)*time.Millisecond + time.Second; elapsed < min {
		t.Errorf("the replay took %s, less than the recorded %d ms at speed 20 with a one-second outage", elapsed, rec.Duration())
	}
}

// TestClockWaitsForAClient checks that nothing plays to an empty room:
// before anyone subscribes the session has no messages.
func TestClockWaitsForAClient(t *testing.T) {
	rec := builtin(t)
	s := startServer(t, Options{Speed: 100, Lead: -1})
	time.Sleep(200 * time.Millisecond)
	code, body := get(t, s.URL()+"/session/"+rec.Session+"/message")
	if code != http.StatusOK || !sameJSON(t, body, []byte("[]")) {
		t.Fatalf("before any client: %d %.200s, want no messages", code, body)
	}
	if code, _ := get(t, s.URL()+"/session/"+rec.Session); code != http.StatusOK {
		t.Fatalf("the session must exist before the replay: status %d", code)
	}
}

func startServer(t *testing.T, opts Options) *Server {
	t.Helper()
	s, err := Start(opts)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = s.Close() })
	return s
}

// playThrough follows the replay to its end, reconnecting after the cut.
func playThrough(t *testing.T, s *Server) {
	t.Helper()
	deadline := time.After(30 * time.Second)
	for {
		st, code := subscribe(t, s)
		if code == http.StatusOK {
			select {
			case <-s.Done():
				return
			case <-st.err:
			case <-deadline:
				t.Fatal("the replay did not finish")
			}
		}
		time.Sleep(5 * time.Millisecond)
	}
}

func assertFrames(t *testing.T, what string, got, want [][]byte) {
	t.Helper()
	if len(got) != len(want) {
		t.Errorf("%s: %d frames, want %d", what, len(got), len(want))
	}
	for i := range min(len(got), len(want)) {
		if !bytes.Equal(got[i], want[i]) {
			t.Errorf("%s: frame %d:\n got  %.200s\n want %.200s", what, i, got[i], want[i])
			return
		}
	}
}

func bytesOf(raws []jsonRaw) [][]byte {
	out := make([][]byte, len(raws))
	for i, r := range raws {
		out[i] = r
	}
	return out
}
