package follower

import (
	"encoding/json"
	"fmt"
	"net/http"
	"sync"
	"testing"

	"github.com/dstail/dstail/internal/ocfake"
	"github.com/dstail/dstail/reconcile"
)

// evolvingOpenCode serves a captured session whose server state moves on
// while a client catches up: the first `landed` frames of the capture have
// happened; when the request named by landOn arrives, the rest happens
// (their frames go out on the open event streams) before it is answered.
// REST answers and /sync/history are built from the durable (sync) frames
// that have happened, so every read is consistent with the server at the
// time it is answered.
type evolvingOpenCode struct {
	t       *testing.T
	frames  []string
	session string

	mu       sync.Mutex
	landed   int
	landOn   string         // request path that makes the rest happen ("": never)
	failOnce map[string]int // request path → status of its first answer
	changed  chan struct{}  // closed when the rest happened
	history  []int64        // the seq of each /sync/history request
}

func newEvolvingOpenCode(t *testing.T, scenario string, landed int) *evolvingOpenCode {
	t.Helper()
	f := &evolvingOpenCode{t: t, frames: ocfake.SSEData(ocfake.ReadFixture(t, scenario+".global.sse")),
		landed: landed, failOnce: map[string]int{}, changed: make(chan struct{})}
	f.session = ocfake.SessionOf(t, ocfake.ReadFixture(t, scenario+".rest.session.json"))
	if landed >= len(f.frames) {
		close(f.changed)
	}
	return f
}

// durable folds the sync frames among the first n into the server's
// stored state.
func (f *evolvingOpenCode) durable(n int) *reconcile.Model {
	m := reconcile.New(f.session)
	for _, frame := range f.frames[:n] {
		if ev, _, err := reconcile.DecodeFrame([]byte(frame)); err == nil && ev.Sync {
			m.Apply(ev)
		}
	}
	return m
}

func (f *evolvingOpenCode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	if r.URL.Path == f.landOn && f.landed < len(f.frames) {
		f.landed = len(f.frames)
		close(f.changed)
	}
	status, failing := f.failOnce[r.URL.Path]
	delete(f.failOnce, r.URL.Path)
	landed := f.landed
	f.mu.Unlock()
	if failing {
		w.WriteHeader(status)
		return
	}
	m := f.durable(landed)
	switch r.URL.Path {
	case "/global/event":
		f.stream(w, r, landed)
	case "/session/" + f.session:
		w.Write(m.State().Session.Raw)
	case "/session/" + f.session + "/message":
		w.Write(restMessages(f.t, m))
	case "/session/" + f.session + "/children":
		w.Write([]byte("[]"))
	case "/session/status":
		if landed < len(f.frames) {
			fmt.Fprintf(w, `{%q:{"type":"busy"}}`, f.session)
			return
		}
		w.Write([]byte("{}"))
	case "/permission", "/question":
		w.Write([]byte("[]"))
	case "/sync/history":
		f.answerHistory(w, r, landed)
	default:
		http.NotFound(w, r)
	}
}

// stream sends what happens after the connection opened, then a sentinel
// event that tells the test every earlier frame was handled.
func (f *evolvingOpenCode) stream(w http.ResponseWriter, r *http.Request, from int) {
	w.Header().Set("Content-Type", "text/event-stream")
	w.(http.Flusher).Flush()
	select {
	case <-f.changed:
	case <-r.Context().Done():
		return
	}
	for _, frame := range f.frames[from:] {
		fmt.Fprintf(w, "data: %s\n\n", frame)
	}
	fmt.Fprintf(w, "data: %s\n\n", sentinelFrame(f.session))
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

// sentinelFrame is an ephemeral event after every captured one.
func sentinelFrame(session string) string {
	return fmt.Sprintf(`{"directory":"/sentinel","payload":{"type":"todo.updated","id":"evt_zzzzzzzzzzzz",`+
		`"properties":{"sessionID":%q,"todos":[{"content":"sentinel","status":"completed","priority":"low"}]}}}`, session)
}

// answerHistory answers POST /sync/history with the session's sync frames
// that happened, after the seq asked for.
func (f *evolvingOpenCode) answerHistory(w http.ResponseWriter, r *http.Request, landed int) {
	var last map[string]int64
	if err := json.NewDecoder(r.Body).Decode(&last); err != nil {
		http.Error(w, err.Error(), http.StatusBadRequest)
		return
	}
	after, ok := last[f.session]
	f.mu.Lock()
	f.history = append(f.history, after)
	f.mu.Unlock()
	entries := []map[string]any{}
	for _, frame := range f.frames[:landed] {
		var env struct {
			Payload struct {
				Type      string
				SyncEvent struct {
					ID, Type, AggregateID string
					Seq                   int64
					Data                  json.RawMessage
				}
			}
		}
		if json.Unmarshal([]byte(frame), &env) != nil || env.Payload.Type != "sync" {
			continue
		}
		se := env.Payload.SyncEvent
		if se.AggregateID == f.session && (!ok || se.Seq > after) {
			entries = append(entries, map[string]any{"id": se.ID, "aggregate_id": se.AggregateID,
				"seq": se.Seq, "type": se.Type, "data": se.Data})
		}
	}
	json.NewEncoder(w).Encode(entries)
}

// restMessages renders a model as GET /session/ID/message does.
func restMessages(t *testing.T, m *reconcile.Model) []byte {
	type wire struct {
		Info  json.RawMessage   `json:"info"`
		Parts []json.RawMessage `json:"parts"`
	}
	list := []wire{}
	for _, msg := range m.Messages() {
		w := wire{Info: msg.Info, Parts: []json.RawMessage{}}
		for _, p := range msg.Parts {
			w.Parts = append(w.Parts, p.Raw)
		}
		list = append(list, w)
	}
	data, err := json.Marshal(list)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// syncFrame is the position of one durable frame of the capture; changes
// says whether it changed the stored state (a re-send may not).
type syncFrame struct {
	index   int
	seq     int64
	id      string
	changes bool
}

// syncFrames lists the durable frames of the capture.
func (f *evolvingOpenCode) syncFrames() []syncFrame {
	var out []syncFrame
	stored := reconcile.New(f.session)
	for i, frame := range f.frames {
		ev, _, err := reconcile.DecodeFrame([]byte(frame))
		if err == nil && ev.Sync {
			out = append(out, syncFrame{index: i, seq: ev.Seq, id: ev.ID, changes: stored.Apply(ev)})
		}
	}
	return out
}
