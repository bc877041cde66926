package ds

import (
	"bytes"
	"context"
	"fmt"
	"net/http"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
)

// staleWaits are the pauses between HEAD probes of the tail after an answer
// without data below our offset, about five seconds in all: far longer than
// the reference server takes to record an append it already serves (see
// backwards), far shorter than anyone waits for a real reset to be named.
var staleWaits = []time.Duration{
	25 * time.Millisecond, 50 * time.Millisecond, 100 * time.Millisecond, 200 * time.Millisecond,
	400 * time.Millisecond, 800 * time.Millisecond, 1600 * time.Millisecond, 1600 * time.Millisecond,
}

// backwards judges a next offset below the one asked for. With data it means
// the stream was recreated or reset. Without data it may also be a stale
// answer: the file-backed reference server serves an append from its log
// before it records the new tail (after fsync and a metadata write), so a
// read from behind can hand us an offset beyond the tail it reports for a
// few milliseconds, to reads at that offset and to HEAD alike. HEAD is asked
// until the tail reaches our offset (skip: the answer is dropped, our offset
// stands) or staleWaits are used up (a reset).
func (r *streamReader) backwards(ctx context.Context, next string, pieces [][]byte) (skip bool, err error) {
	if !r.isBehind(next) {
		return false, nil
	}
	reset := &transport.ProtocolError{What: r.what, Msg: fmt.Sprintf("offset went backwards from %s to %s: the stream was recreated or reset; start again with --from start", sanitize.ShortForm(r.offset), sanitize.ShortForm(next))}
	if !noData(r.kind, pieces) {
		return false, reset
	}
	reached, err := r.tailReaches(ctx, r.offset)
	if err != nil {
		return false, err
	}
	if !reached {
		return false, reset
	}
	return true, nil
}

// tailReaches asks HEAD for the tail until it is at or beyond offset,
// pausing staleWaits between asks; false once they are used up. A failed
// probe is returned as is, so a network fault or a 503 is retried like any
// other, never taken for a reset.
func (r *streamReader) tailReaches(ctx context.Context, offset string) (bool, error) {
	waits := staleWaits
	if r.opts.staleWaits != nil {
		waits = r.opts.staleWaits
	}
	for i := 0; ; i++ {
		tail, err := r.tail(ctx)
		if err != nil {
			return false, err
		}
		if tail >= offset {
			return true, nil
		}
		if i == len(waits) {
			return false, nil
		}
		if err := transport.Sleep(ctx, waits[i]); err != nil {
			return false, err
		}
	}
}

// tail asks HEAD for the stream's Stream-Next-Offset.
func (r *streamReader) tail(ctx context.Context) (string, error) {
	req, err := r.newRequest(ctx, http.MethodHead, r.url.RawQuery)
	if err != nil {
		return "", err
	}
	head, cancel, err := transport.DoTimed(ctx, r.hc, req, r.opts.IdleTimeout)
	if err != nil {
		return "", err
	}
	head.Body.Close()
	cancel(nil)
	if head.StatusCode != http.StatusOK {
		return "", &transport.StatusError{What: r.what, Status: head.StatusCode, RetryAfter: transport.RetryAfter(head.Header, time.Now())}
	}
	return head.Header.Get("Stream-Next-Offset"), nil
}

// noData reports a batch that carries no messages.
func noData(kind feed.Kind, pieces [][]byte) bool {
	for _, p := range pieces {
		p = bytes.TrimSpace(p)
		if len(p) > 0 && !(kind == feed.KindJSON && string(p) == "[]") {
			return false
		}
	}
	return true
}
