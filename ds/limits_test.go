package ds

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// An offset or cursor far longer than any server mints is a protocol error
// naming it in a short form: it is neither kept nor echoed in full.
func TestOverlongOffsetIsAProtocolError(t *testing.T) {
	huge := strings.Repeat("9", 1<<20)
	for name, s := range map[string]step{
		"header":         ok(huge, `[1]`, hUpToDate, "true"),
		"cursor header":  ok("a", `[1]`, hUpToDate, "true", hCursor, huge),
		"control event":  eventStream(dataEvent(`[2]`), controlEvent(huge, "", true, false)),
		"control cursor": eventStream(dataEvent(`[2]`), controlEvent("b", huge, true, false)),
	} {
		t.Run(name, func(t *testing.T) {
			steps := []step{s}
			if strings.HasPrefix(name, "control") {
				steps = []step{caughtUp("a"), s}
			}
			srv := newFakeStream(t, steps...)
			o := readStream(t, srv.opts())
			if !transport.Permanent(o.err) {
				t.Fatalf("err %v, want a protocol error", o.err)
			}
			if msg := o.err.Error(); len(msg) > 400 || !strings.Contains(msg, "1048576 bytes") {
				t.Errorf("error of %d bytes, want a short one naming the length: %.300s", len(msg), msg)
			}
			if len(o.messages()) > 0 {
				t.Errorf("messages %q handed on with an unusable offset", o.messages())
			}
		})
	}
}

// A server that answers every long-poll at once with nothing new is asked
// less and less often: the backoff, not the server, sets the pace. The
// bound holds on any machine: without the backoff this loop makes
// thousands of requests a second.
func TestInstantEmptyAnswersBackOff(t *testing.T) {
	var n atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		n.Add(1)
		w.Header().Set(hType, "application/json")
		w.Header().Set("Stream-Next-Offset", "a")
		w.Header().Set(hUpToDate, "true")
		if r.URL.Query().Get("live") != "" {
			w.WriteHeader(http.StatusNoContent)
			return
		}
		_, _ = w.Write([]byte("[]"))
	}))
	defer srv.Close()
	var notes atomic.Int64
	ctx, cancel := context.WithTimeout(context.Background(), 1500*time.Millisecond)
	defer cancel()
	err := ReadStream(ctx, StreamOptions{
		URL: srv.URL + "/s", Live: LiveLongPoll,
		Backoff: transport.Backoff{Initial: 20 * time.Millisecond, Max: 400 * time.Millisecond, Multiplier: 2},
		OnState: func(s feed.State) {
			if strings.Contains(s.Note, "answers at once") {
				notes.Add(1)
			}
		},
	}, func(*feed.Batch) error { return nil })
	if err != context.DeadlineExceeded {
		t.Fatalf("err %v, want the deadline", err)
	}
	// 20+40+…+400 ms of delays (each a random part of it) fit about a
	// dozen requests into 1.5 s at most; 100 leaves room for any jitter.
	if got := n.Load(); got > 100 {
		t.Errorf("%d requests in 1.5 s to a server answering at once", got)
	}
	if notes.Load() != 1 {
		t.Errorf("%d notes about instant answers, want 1", notes.Load())
	}
}

// Data events that never get their control event are held only up to
// MaxBuffer: then the connection ends with a protocol error naming the flag,
// and nothing uncommitted is handed on.
func TestPendingDataIsBounded(t *testing.T) {
	events := []string{}
	for range 100 {
		events = append(events, dataEvent(`[`+strings.Repeat(`1,`, 100)+`1]`))
	}
	srv := newFakeStream(t, caughtUp("a"), heldEventStream(events...))
	opts := srv.opts()
	opts.MaxBuffer = 4096
	o := readStream(t, opts)
	if !transport.Permanent(o.err) || !strings.Contains(o.err.Error(), "--max-buffer") {
		t.Fatalf("err %v, want a protocol error naming --max-buffer", o.err)
	}
	if len(o.messages()) != 0 {
		t.Errorf("%d messages handed on without a control event", len(o.messages()))
	}
}

// A long JSON catch-up streams through whatever its length: MaxEventSize
// bounds one message, not the response.
func TestLongResponseWithinASmallEventLimit(t *testing.T) {
	body := "[" + strings.Repeat(`"0123456789",`, 50_000) + `"last"]`
	srv := newFakeStream(t, ok("b", body, hUpToDate, "true", hClosed, "true"))
	opts := srv.opts()
	opts.MaxEventSize = 1024
	o := readStream(t, opts)
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got := o.messages(); len(got) != 50_001 || got[50_000] != `"last"` {
		t.Errorf("%d messages, want 50001 ending with \"last\"", len(got))
	}
}
