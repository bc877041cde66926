package follower

import (
	"context"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocfake"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// fakeOpenCode serves a captured scenario: REST answers from the fixture
// files and, on the event stream, the captured frames (from a start index,
// optionally ending the body after a number of frames).
type fakeOpenCode struct {
	t        testing.TB
	scenario string
	session  string
	frames   []string
	mu       sync.Mutex
	ocfake.Calls
	history []string // bodies of POST /sync/history
	// per connection: how many frames to send before ending the body (0: all, then hold)
	cuts       []int
	connection int
	noGlobal   bool
	status     int // forced status for every call, when set
}

func newFakeOpenCode(t testing.TB, scenario string) *fakeOpenCode {
	t.Helper()
	f := &fakeOpenCode{t: t, scenario: scenario}
	f.frames = ocfake.SSEData(ocfake.ReadFixture(t, scenario+".global.sse"))
	f.session = ocfake.SessionOf(t, f.read("session"))
	return f
}

func (f *fakeOpenCode) read(name string) []byte {
	return ocfake.ReadFixture(f.t, f.scenario+".rest."+name+".json")
}

func (f *fakeOpenCode) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.Record(r)
	f.mu.Lock()
	status := f.status
	f.mu.Unlock()
	if status != 0 {
		w.WriteHeader(status)
		return
	}
	switch {
	case r.URL.Path == "/global/event" && !f.noGlobal, r.URL.Path == "/event" && f.noGlobal:
		f.stream(w, r)
	case r.URL.Path == "/session/"+f.session:
		w.Write(f.read("session"))
	case r.URL.Path == "/session/"+f.session+"/message":
		w.Write(f.read("messages"))
	case r.URL.Path == "/session/status":
		w.Write([]byte("{}"))
	case r.URL.Path == "/permission", r.URL.Path == "/question":
		w.Write([]byte("[]"))
	case r.URL.Path == "/sync/history" && r.Method == http.MethodPost:
		body, _ := io.ReadAll(r.Body)
		f.mu.Lock()
		f.history = append(f.history, string(body))
		f.mu.Unlock()
		w.Write([]byte("[]"))
	default:
		http.NotFound(w, r)
	}
}

func (f *fakeOpenCode) stream(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	cut := 0
	if f.connection < len(f.cuts) {
		cut = f.cuts[f.connection]
	}
	f.connection++
	f.mu.Unlock()
	w.Header().Set("Content-Type", "text/event-stream")
	for i, frame := range f.frames {
		if cut > 0 && i == cut {
			return
		}
		fmt.Fprintf(w, "data: %s\n\n", frame)
	}
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

// follow runs Follow on one session, from start, until the handled
// events fold to want or the deadline passes, and returns the folded model.
func follow(t *testing.T, srv *httptest.Server, session string, opts Options, start Start, until func(*reconcile.Model) bool) (*reconcile.Model, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	opts.Server, opts.Sessions = srv.URL, []string{session}
	opts.Start = func(string, Origin) (Start, error) { return start, nil }
	opts.Backoff = transport.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond, Multiplier: 2}
	folded := reconcile.New(session)
	err := Follow(ctx, opts, func(_ string, evs []reconcile.Event, m *reconcile.Model) error {
		for _, ev := range evs {
			if !folded.Apply(ev) {
				t.Errorf("handed on an event that changes nothing: %s %s", ev.Type, ev.Data)
			}
		}
		if until != nil && until(folded) {
			return ErrStop
		}
		return nil
	})
	return folded, err
}

func equalsREST(f *fakeOpenCode) func(*reconcile.Model) bool {
	want, err := reconcile.MessagesFromREST(f.read("messages"))
	if err != nil {
		f.t.Fatal(err)
	}
	return func(m *reconcile.Model) bool { return len(reconcile.CompareMessages(m.Messages(), want)) == 0 }
}
