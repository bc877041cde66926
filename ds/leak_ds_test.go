package ds_test

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/internal/leakcheck"
	"github.com/dstail/dstail/transport"
)

// TestStreamReaderReconnectsWithoutLeaks follows an SSE stream whose every
// connection delivers one message and is then reset, 1,000 times, and
// checks that goroutines and open descriptors stay flat across the
// reconnects and return to where they were once the reader is done.
func TestStreamReaderReconnectsWithoutLeaks(t *testing.T) {
	leakcheck.RequireLinux(t)
	base := leakcheck.Measure(t)
	var (
		mu      sync.Mutex
		conns   int
		samples = map[int]leakcheck.Resources{}
	)
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		offset, _ := strconv.Atoi(r.URL.Query().Get("offset"))
		if r.URL.Query().Get("live") != "sse" {
			// Catch-up: nothing yet, up to date at offset 0.
			w.Header().Set("Content-Type", "application/json")
			w.Header().Set("Stream-Next-Offset", dsOffset(0))
			w.Header().Set("Stream-Up-To-Date", "true")
			_, _ = w.Write([]byte("[]"))
			return
		}
		mu.Lock()
		defer mu.Unlock()
		conns++
		n := conns
		if n == 50 || n == leakcheck.Reconnects {
			// The reader waits on this request; nothing else is in flight.
			samples[n] = leakcheck.Measure(t)
		}
		w.Header().Set("Content-Type", "text/event-stream")
		closed := n > leakcheck.Reconnects
		fmt.Fprintf(w, "event: data\ndata:[{\"n\":%d}]\n\nevent: control\ndata:{\"streamNextOffset\":%q,\"upToDate\":true,\"streamClosed\":%v}\n\n",
			offset, dsOffset(offset+1), closed)
		if !closed {
			leakcheck.Drop(t, w)
		}
	}))
	hc := transport.NewHTTPClient(transport.HTTPOptions{})
	ctx, cancel := context.WithTimeout(context.Background(), 2*time.Minute)
	defer cancel()
	got := 0
	err := ds.ReadStream(ctx, ds.StreamOptions{
		URL: srv.URL + "/s", From: feed.Position{Offset: "-1"}, Live: ds.LiveSSE, HTTP: hc,
		Backoff: transport.Backoff{Initial: time.Millisecond, Max: 2 * time.Millisecond, Multiplier: 2},
	}, func(b *feed.Batch) error {
		got += len(b.Messages)
		return nil
	})
	if err != nil {
		t.Fatalf("ReadStream: %v", err)
	}
	if got != leakcheck.Reconnects+1 {
		t.Fatalf("got %d messages over %d connections, want one per connection", got, conns)
	}
	mu.Lock()
	early, late := samples[50], samples[leakcheck.Reconnects]
	mu.Unlock()
	leakcheck.CheckFlat(t, early, late, 50, leakcheck.Reconnects)
	srv.Close()
	hc.CloseIdleConnections()
	leakcheck.WaitBackTo(t, base, 2)
}

// dsOffset is a fixed-width offset, so offsets compare as strings.
func dsOffset(n int) string { return fmt.Sprintf("%016d", n) }
