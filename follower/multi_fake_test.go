package follower

import (
	"context"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/internal/ocfake"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// multiFake serves a captured scenario with several sessions.
type multiFake struct {
	*ocfake.Multi
	t *testing.T
}

func newMultiFake(t *testing.T, scenario string, names ...string) (*multiFake, []string) {
	t.Helper()
	f, ids := ocfake.NewMulti(t, scenario, names...)
	return &multiFake{f, t}, ids
}

// multiRun is what a Follow run handed on, folded per session.
type multiRun struct {
	mu      sync.Mutex
	folded  map[string]*reconcile.Model
	origins map[string]Origin
	notes   []string
}

// followMulti runs Follow until done says so (or 10 s pass).
func followMulti(t *testing.T, srv *httptest.Server, opts Options, start func(string, Origin) Start, done func(*multiRun) bool) (*multiRun, error) {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	run := &multiRun{folded: map[string]*reconcile.Model{}, origins: map[string]Origin{}}
	opts.Server = srv.URL
	opts.Backoff = transport.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond, Multiplier: 2}
	opts.Start = func(id string, o Origin) (Start, error) {
		run.mu.Lock()
		run.origins[id] = o
		run.mu.Unlock()
		if start == nil {
			return Start{}, nil
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
	err := Follow(ctx, opts, func(id string, evs []reconcile.Event, m *reconcile.Model) error {
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
		msgs, err := reconcile.MessagesFromREST(ocfake.ReadFixture(f.t, f.Rest[id]+"messages.json"))
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
