package ds

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"net/url"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// LiveMode is how a stream is followed once caught up.
type LiveMode int

const (
	LiveSSE      LiveMode = iota // server-sent events (default)
	LiveLongPoll                 // repeated long-poll requests
	LiveOff                      // stop once caught up (--once)
)

// StreamOptions configure ReadStream.
type StreamOptions struct {
	URL          string        // the stream URL, without offset/live/cursor parameters
	Header       http.Header   // sent with every request (auth, bearer tokens)
	From         feed.Position // "-1" start, "now" tail, or a saved position
	Live         LiveMode
	IdleTimeout  time.Duration     // silence that counts as a dead connection; 45 s when zero
	MaxRetries   int               // consecutive failures before giving up; 0 retries forever
	MaxEventSize int               // largest SSE event or message; 64 MiB when zero
	MaxBuffer    int               // SSE data held before its control event; 64 MiB when zero
	HTTP         *http.Client      // NewHTTPClient(HTTPOptions{}) when nil
	Backoff      transport.Backoff // DefaultBackoff() when zero
	RetryNow     <-chan struct{}   // ends a wait before the next attempt at once (nil: never)
	OnState      func(feed.State)  // connection-state changes; may be nil
	// ExactText follows text/* streams by long-poll instead of SSE: SSE
	// carries text line by line and drops a leading space of each line.
	ExactText bool

	staleWaits []time.Duration // tests shorten the HEAD probes of backwards; nil: staleWaits
}

const (
	defaultIdleTimeout = 45 * time.Second
	// longPollHold covers the reference servers' 30 s hold with room to spare.
	longPollHold = 40 * time.Second
	// shortConnection is how soon an SSE response may end before it counts as
	// a sign of a buffering proxy.
	shortConnection = time.Second
	shortLimit      = 3
)

// ReadStream reads a Durable Stream from opts.From and hands every batch to
// onBatch on the calling goroutine, in order, exactly once. It returns nil at
// the stream's end (or once caught up with LiveOff), ctx's error when
// cancelled, a permanent error (see Permanent, NotFound), or onBatch's error.
// A batch and its messages' data are valid only until onBatch returns: the
// reader reads into the same buffers again (keep a feed.Batch.Clone).
func ReadStream(ctx context.Context, opts StreamOptions, onBatch func(*feed.Batch) error) error {
	u, err := transport.ParseURL(opts.URL, "stream")
	if err != nil {
		return err
	}
	r := newStreamReader(u, opts, onBatch)
	return r.run(ctx)
}

type streamReader struct {
	opts      StreamOptions
	url       *url.URL
	what      string
	hc        *http.Client
	onBatch   func(*feed.Batch) error
	backoff   transport.Backoff
	framer    *framer
	offset    string // where the next read starts
	cursor    string
	kind      feed.Kind
	kindSet   bool
	caughtUp  bool
	closed    bool
	mode      LiveMode
	shorts    int
	phase     feed.Phase
	connected bool // a response arrived at least once
	// textOverSSE: the stream is text/*, which SSE does not carry byte-exact.
	textOverSSE bool
	idle        bool // the last attempts answered at once without progress
}

func newStreamReader(u *url.URL, opts StreamOptions, onBatch func(*feed.Batch) error) *streamReader {
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = defaultIdleTimeout
	}
	if opts.MaxEventSize <= 0 {
		opts.MaxEventSize = transport.DefaultMaxEventSize
	}
	if opts.MaxBuffer <= 0 {
		opts.MaxBuffer = transport.DefaultMaxBuffer
	}
	if opts.From.Offset == "" {
		opts.From.Offset = "-1"
	}
	r := &streamReader{
		opts: opts, url: u, what: "stream " + transport.RedactedURL(u), onBatch: onBatch,
		hc: opts.HTTP, backoff: opts.Backoff, offset: opts.From.Offset, mode: opts.Live,
	}
	r.hc = transport.ClientOr(r.hc)
	if r.backoff.Initial == 0 && r.backoff.Max == 0 {
		r.backoff = transport.DefaultBackoff()
	}
	return r
}

func (r *streamReader) run(ctx context.Context) error {
	failures := 0
	r.report(feed.State{Phase: feed.PhaseConnecting, Mode: "catch-up", Offset: r.offset})
	for {
		started, before := time.Now(), r.mark()
		healthy, err := r.attempt(ctx)
		if r.closed {
			r.report(feed.State{Phase: feed.PhaseClosed, Offset: r.offset})
			return nil
		}
		if err == nil && r.caughtUp && r.mode == LiveOff {
			return nil
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		var he transport.HandlerError
		if errors.As(err, &he) {
			return he.Err
		}
		if err != nil && (transport.Permanent(err) || !r.connected && transport.Unreachable(err)) {
			return err
		}
		if err == nil && r.sseEndedTooSoon(healthy, started) {
			err = errors.New("event stream ended at once")
		}
		idle := err == nil && r.idleAnswer(before, started)
		if healthy && !idle {
			r.backoff.Reset()
			failures = 0
		}
		if err == nil {
			if idle {
				// Not a failure: no retry notice and no --max-retries.
				if err := transport.Sleep(ctx, r.backoff.Next(0)); err != nil {
					return err
				}
			}
			continue
		}
		failures++
		if r.opts.MaxRetries > 0 && failures > r.opts.MaxRetries {
			return fmt.Errorf("%s: %w after %d attempts: %w", r.what, transport.ErrNoProgress, failures, err)
		}
		wait := r.backoff.NextAfter(err)
		r.report(feed.State{Phase: feed.PhaseRetrying, Mode: r.modeName(), Attempt: failures, Err: err, RetryIn: wait, Offset: r.offset})
		if err := transport.Pause(ctx, wait, r.opts.RetryNow); err != nil {
			return err
		}
	}
}

// sseEndedTooSoon counts SSE responses that end cleanly within a second
// without data; after a few in a row it falls back to long-poll, the usual
// cure for a buffering proxy.
func (r *streamReader) sseEndedTooSoon(healthy bool, started time.Time) bool {
	if r.mode != LiveSSE || !r.caughtUp || healthy || time.Since(started) >= shortConnection {
		r.shorts = 0
		return false
	}
	r.shorts++
	if r.shorts >= shortLimit {
		r.mode = LiveLongPoll
		r.shorts = 0
		r.report(feed.State{Phase: feed.PhaseConnecting, Mode: "long-poll", Offset: r.offset,
			Note: "event stream keeps ending at once (buffering proxy?); switched to long-poll"})
		return false
	}
	return true
}

func (r *streamReader) attempt(ctx context.Context) (bool, error) {
	if !r.caughtUp || r.mode == LiveOff {
		return r.get(ctx, false)
	}
	if r.mode == LiveSSE && r.textOverSSE && r.opts.ExactText {
		r.mode = LiveLongPoll
		r.report(feed.State{Phase: r.phase, Mode: "long-poll", Offset: r.offset,
			Note: "text stream: following by long-poll, which keeps every byte (SSE drops leading spaces)"})
	}
	if r.mode == LiveLongPoll {
		return r.get(ctx, true)
	}
	return r.sse(ctx)
}

func (r *streamReader) modeName() string {
	switch {
	case !r.caughtUp:
		return "catch-up"
	case r.mode == LiveLongPoll:
		return "long-poll"
	case r.mode == LiveSSE:
		return "sse"
	}
	return "catch-up"
}

func (r *streamReader) report(s feed.State) {
	if s.Phase != feed.PhaseRetrying && s.Note == "" && s.Phase == r.phase {
		return
	}
	r.phase = s.Phase
	if r.opts.OnState != nil {
		r.opts.OnState(s)
	}
}

// CheckStream probes a stream with HEAD once: a quick, clear failure
// (unreachable, 401, 404) before a caller commits to a full-screen view.
func CheckStream(ctx context.Context, opts StreamOptions) error {
	u, err := transport.ParseURL(opts.URL, "stream")
	if err != nil {
		return err
	}
	r := newStreamReader(u, opts, nil)
	req, err := r.newRequest(ctx, http.MethodHead, u.RawQuery)
	if err != nil {
		return err
	}
	resp, cancel, err := transport.DoTimed(ctx, r.hc, req, 10*time.Second)
	if err != nil {
		return err
	}
	defer cancel(nil)
	resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return &transport.StatusError{What: r.what, Status: resp.StatusCode}
	}
	return nil
}
