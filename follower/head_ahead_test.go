package follower

import (
	"net/http"
	"sync"
	"testing"
	"time"
)

// meetHandler holds a request for either of two paths until one for the
// other is in flight too (or a while passed): only reads made at once meet.
type meetHandler struct {
	next     http.Handler
	a, b     string
	mu       sync.Mutex
	inFlight int
	met      chan struct{}
}

func (h *meetHandler) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	if r.URL.Path != h.a && r.URL.Path != h.b {
		h.next.ServeHTTP(w, r)
		return
	}
	h.mu.Lock()
	h.inFlight++
	if h.inFlight == 2 {
		select {
		case <-h.met:
		default:
			close(h.met)
		}
	}
	h.mu.Unlock()
	select {
	case <-h.met:
	case <-time.After(2 * time.Second):
	}
	h.mu.Lock()
	h.inFlight--
	h.mu.Unlock()
	h.next.ServeHTTP(w, r)
}

// TestHeadIsReadBesideTheChildren: the first catch-up's head (the status,
// pending requests) is asked for while the children are, not after them.
func TestHeadIsReadBesideTheChildren(t *testing.T) {
	f, ids := newMultiFake(t, "n-subagent", "", "child")
	parent, child := ids[0], ids[1]
	f.Children[parent] = []string{child}
	h := &meetHandler{next: f, a: "/session/" + parent + "/children", b: "/session/status", met: make(chan struct{})}
	followParentWithChild(t, f, h, parent, child)
	select {
	case <-h.met:
	default:
		t.Fatal("the status was read only after the children: one round trip more before the first output")
	}
}
