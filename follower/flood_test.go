package follower

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dstail/dstail/reconcile"
)

// floodDeltas are n delta frames of one new text part of the captured
// a-plain answer, with ascending event ids, and the text they add up to.
func floodDeltas(session string, n int) (frames []string, text string) {
	var all strings.Builder
	for i := range n {
		token := fmt.Sprintf("t%d ", i)
		all.WriteString(token)
		frames = append(frames, fmt.Sprintf(`{"directory":"/home/dev/ocfx/projA","payload":{"id":"evt_flood%07d","type":"message.part.delta","properties":{"sessionID":%q,"messageID":"msg_20ddff942001AO4Xvu3NvAaIPX","partID":"prt_flood","field":"text","delta":%q}}}`, i, session, token))
	}
	return frames, all.String()
}

// countingWriter closes full once the server has written want bytes of
// the event stream.
type countingWriter struct {
	http.ResponseWriter
	written, want int
	full          chan struct{}
}

func (w *countingWriter) Write(p []byte) (int, error) {
	n, err := w.ResponseWriter.Write(p)
	if w.written < w.want && w.written+n >= w.want {
		close(w.full)
	}
	w.written += n
	return n, err
}

func (w *countingWriter) Flush() { w.ResponseWriter.(http.Flusher).Flush() }

// A server that streams faster than the output is written keeps the queue
// from ever emptying. The queued events still go out in runs of at most
// maxRun, in order, rather than as one run gathered over the whole flood.
func TestFloodIsHandedOnInBoundedRuns(t *testing.T) {
	f := newFakeOpenCode(t, "a-plain")
	flood, text := floodDeltas(f.session, 6*maxRun)
	f.frames = append(f.frames, flood...)
	streamLen := 0
	for _, frame := range f.frames {
		streamLen += len("data: \n\n") + len(frame)
	}
	full := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/global/event" {
			w = &countingWriter{ResponseWriter: w, want: streamLen, full: full}
		}
		f.ServeHTTP(w, r)
	}))
	defer srv.Close()

	ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
	defer cancel()
	folded := reconcile.New(f.session)
	var longest, calls atomic.Int64
	err := Follow(ctx, Options{Server: srv.URL, Sessions: []string{f.session}, Backoff: fastBackoff(),
		Start: func(string, Origin) (Start, error) { return Start{}, nil }},
		func(_ string, evs []reconcile.Event, _ *reconcile.Model) error {
			if calls.Add(1) == 1 {
				// Hold the first batch (the catch-up) until the whole
				// flood is on its way, so it queues behind it.
				select {
				case <-full:
				case <-ctx.Done():
				}
				// What is in flight is decoded in a few milliseconds (tens
				// under the race detector).
				time.Sleep(500 * time.Millisecond)
			}
			longest.Store(max(longest.Load(), int64(len(evs))))
			for _, ev := range evs {
				folded.Apply(ev)
			}
			if partText(folded, "prt_flood") == text {
				return ErrStop
			}
			return nil
		})
	if err != nil {
		got := partText(folded, "prt_flood")
		t.Fatalf("follow: %v (flood text %d of %d bytes)", err, len(got), len(text))
	}
	if l := longest.Load(); l != maxRun {
		t.Fatalf("longest run handed on: %d events, want exactly %d (the bound, reached)", l, maxRun)
	}
}

// partText is the text of partID in m.
func partText(m *reconcile.Model, partID string) string {
	for _, msg := range m.Messages() {
		for _, p := range msg.Parts {
			if p.ID == partID {
				return p.Text
			}
		}
	}
	return ""
}
