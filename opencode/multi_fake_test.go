package opencode

import (
	"bufio"
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// multiFake serves a captured scenario with several sessions: the global
// event stream as captured, and per session the captured REST answers.
type multiFake struct {
	t        *testing.T
	frames   []string
	rest     map[string]string // session id → fixture name prefix
	listed   []string          // sessions GET /experimental/session names
	children map[string][]string
	status   []byte // GET /session/status answer ({} when nil)
	// dirFrames, when set, are served on /event?directory= and the server
	// has no /global/event (an older server).
	dirFrames []string
	mu        sync.Mutex
	calls     map[string]int
}

// newMultiFake loads scenario; names maps the fixture's REST name (A1, or
// "" for the unnamed session) to be served.
func newMultiFake(t *testing.T, scenario string, names ...string) (*multiFake, []string) {
	t.Helper()
	f := &multiFake{t: t, rest: map[string]string{}, children: map[string][]string{}, calls: map[string]int{}}
	data, err := os.ReadFile(fixtures + scenario + ".global.sse")
	if err != nil {
		t.Fatal(err)
	}
	f.frames = sseData(data)
	var ids []string
	for _, name := range names {
		prefix := scenario + ".rest."
		if name != "" {
			prefix += name + "."
		}
		id := sessionOfScenario(t, readFixture(t, prefix+"session.json"))
		f.rest[id] = prefix
		ids = append(ids, id)
	}
	return f, ids
}

// sseData is the data lines of a captured event stream.
func sseData(data []byte) []string {
	var frames []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			frames = append(frames, line)
		}
	}
	return frames
}

func readFixture(t *testing.T, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(fixtures + name)
	if err != nil {
		t.Fatal(err)
	}
	return data
}

func (f *multiFake) count(path string) int {
	f.mu.Lock()
	defer f.mu.Unlock()
	return f.calls[path]
}

func (f *multiFake) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	f.calls[r.URL.Path]++
	f.mu.Unlock()
	id, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/session/"), "/")
	frames := f.frames
	switch {
	case r.URL.Path == "/global/event" && f.dirFrames == nil, r.URL.Path == "/event" && f.dirFrames != nil:
		if f.dirFrames != nil {
			frames = f.dirFrames
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for _, frame := range frames {
			fmt.Fprintf(w, "data: %s\n\n", frame)
		}
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	case r.URL.Path == "/experimental/session":
		w.Write(f.sessionArray(f.listed))
	case r.URL.Path == "/session/status" && f.status != nil:
		w.Write(f.status)
	case r.URL.Path == "/session/status":
		w.Write([]byte("{}"))
	case r.URL.Path == "/permission", r.URL.Path == "/question":
		w.Write([]byte("[]"))
	case f.rest[id] != "" && rest == "":
		w.Write(readFixture(f.t, f.rest[id]+"session.json"))
	case f.rest[id] != "" && rest == "message":
		w.Write(readFixture(f.t, f.rest[id]+"messages.json"))
	case f.rest[id] != "" && rest == "children":
		w.Write(f.sessionArray(f.children[id]))
	default:
		http.NotFound(w, r)
	}
}

func (f *multiFake) sessionArray(ids []string) []byte {
	var out []json.RawMessage
	for _, id := range ids {
		out = append(out, readFixture(f.t, f.rest[id]+"session.json"))
	}
	data, _ := json.Marshal(append([]json.RawMessage{}, out...))
	return data
}

// multiRun is what a FollowSessions run handed on, folded per session.
type multiRun struct {
	mu      sync.Mutex
	folded  map[string]*reconcile.Model
	origins map[string]Origin
	notes   []string
}

// followMulti runs FollowSessions until done says so (or 10 s pass).
func followMulti(t *testing.T, srv *httptest.Server, opts MultiOptions, start func(string, Origin) SessionStart, done func(*multiRun) bool) (*multiRun, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	run := &multiRun{folded: map[string]*reconcile.Model{}, origins: map[string]Origin{}}
	opts.Server = srv.URL
	opts.Backoff = transport.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond, Multiplier: 2}
	opts.Start = func(id string, o Origin) (SessionStart, error) {
		run.mu.Lock()
		run.origins[id] = o
		run.mu.Unlock()
		if start == nil {
			return SessionStart{}, nil
		}
		return start(id, o), nil
	}
	opts.OnState = func(s feed.State) {
		if s.Note != "" {
			run.mu.Lock()
			run.notes = append(run.notes, s.Note)
			run.mu.Unlock()
		}
	}
	err := FollowSessions(ctx, opts, func(id string, evs []reconcile.Event, m *reconcile.Model) error {
		if m.SessionID() != id {
			t.Errorf("handler got model of %s for session %s", m.SessionID(), id)
		}
		run.mu.Lock()
		defer run.mu.Unlock()
		if run.folded[id] == nil {
			run.folded[id] = reconcile.New(id)
		}
		for _, ev := range evs {
			if ev.Session != id {
				t.Errorf("event of %s handed on for %s", ev.Session, id)
			}
			if !run.folded[id].Apply(ev) {
				t.Errorf("handed on an event that changes nothing: %s %s", ev.Type, ev.Data)
			}
		}
		if done != nil && done(run) {
			return ErrStop
		}
		return nil
	})
	return run, err
}

// foldsToREST reports whether every session in ids folded to its REST
// messages.
func (f *multiFake) foldsToREST(ids ...string) func(*multiRun) bool {
	want := map[string][]reconcile.Message{}
	for _, id := range ids {
		msgs, err := reconcile.MessagesFromREST(readFixture(f.t, f.rest[id]+"messages.json"))
		if err != nil || len(msgs) == 0 {
			f.t.Fatalf("fixture messages of %s: %v", id, err)
		}
		want[id] = msgs
	}
	return func(r *multiRun) bool {
		for id, msgs := range want {
			m := r.folded[id]
			if m == nil || len(reconcile.CompareMessages(m.Messages(), msgs)) > 0 {
				return false
			}
		}
		return true
	}
}
