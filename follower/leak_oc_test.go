package follower_test

import (
	"context"
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/follower"
	"github.com/dstail/dstail/internal/leakcheck"
	"github.com/dstail/dstail/internal/ocfake"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// TestSessionFollowerReconnectsWithoutLeaks follows a session on a fake
// OpenCode (captured REST answers) whose event stream sends one frame and
// is then reset, 1,000 times: each reconnect catches up through REST.
// Goroutines and open descriptors must stay flat and return to where they
// were once the follow ends.
func TestSessionFollowerReconnectsWithoutLeaks(t *testing.T) {
	leakcheck.RequireLinux(t)
	session, messages := ocfake.ReadFixture(t, "a-plain.rest.session.json"), ocfake.ReadFixture(t, "a-plain.rest.messages.json")
	frames := ocfake.SSEData(ocfake.ReadFixture(t, "a-plain.global.sse"))
	var id struct{ ID string }
	if err := json.Unmarshal(session, &id); err != nil || id.ID == "" {
		t.Fatalf("fixture session: %v", err)
	}
	base := leakcheck.Measure(t)
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	var (
		mu      sync.Mutex
		conns   int
		samples = map[int]leakcheck.Resources{}
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch r.URL.Path {
		case "/global/event":
			mu.Lock()
			conns++
			n := conns
			if n == 50 || n == leakcheck.Reconnects {
				samples[n] = leakcheck.Measure(t)
			}
			mu.Unlock()
			if n > leakcheck.Reconnects {
				cancel() // done: the follow ends with the context
				<-r.Context().Done()
				return
			}
			w.Header().Set("Content-Type", "text/event-stream")
			_, _ = w.Write([]byte("data: " + frames[n%len(frames)] + "\n\n"))
			leakcheck.Drop(t, w)
		case "/session/" + id.ID:
			_, _ = w.Write(session)
		case "/session/" + id.ID + "/message":
			_, _ = w.Write(messages)
		case "/session/status":
			_, _ = w.Write([]byte("{}"))
		case "/permission", "/question":
			_, _ = w.Write([]byte("[]"))
		default:
			http.NotFound(w, r)
		}
	}))
	hc := transport.NewHTTPClient(transport.HTTPOptions{})
	err := follower.Follow(ctx, follower.Options{
		Server: srv.URL, Sessions: []string{id.ID}, HTTP: hc, IdleTimeout: 10 * time.Second,
		Backoff: transport.Backoff{Initial: time.Millisecond, Max: 2 * time.Millisecond, Multiplier: 2},
	}, func(string, []reconcile.Event, *reconcile.Model) error { return nil })
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("Follow: %v, want it cancelled after %d leakcheck.Reconnects", err, leakcheck.Reconnects)
	}
	mu.Lock()
	early, late, n := samples[50], samples[leakcheck.Reconnects], conns
	mu.Unlock()
	if n <= leakcheck.Reconnects {
		t.Fatalf("%d event connections, want %d", n, leakcheck.Reconnects+1)
	}
	leakcheck.CheckFlat(t, early, late, 50, leakcheck.Reconnects)
	srv.Close()
	hc.CloseIdleConnections()
	leakcheck.WaitBackTo(t, base, 2)
}
