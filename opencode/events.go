package opencode

import (
	"context"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
	"github.com/dstail/dstail/transport/sse"
)

// Events is one live connection to an OpenCode event stream. Frames of
// the followed sessions queue while the caller catches up; done receives
// why the connection ended. Whoever takes an event off events gives its
// bytes back with took.
type Events struct {
	events  chan *reconcile.Event // pointers: a queue this long of values would take 2 MiB at once
	done    chan error
	cancel  context.CancelCauseFunc
	stopped chan struct{}
	budget  *byteBudget // bytes of the queued events (--max-buffer)
	quit    context.Context
	endQuit context.CancelFunc
}

// eventQueue holds frames while a catch-up runs, at most this many and at
// most the byte budget. When it is full the reader stops reading, which
// pushes back on the server instead of dropping.
const eventQueue = 16 << 10

const eventHeaderTimeout = 5 * time.Second

// DefaultIdleTimeout is how long a stream may stay silent: the server
// beats every 10 s.
const DefaultIdleTimeout = 30 * time.Second

// ErrNoGlobalEvents means the server has no /global/event (older servers):
// read /event?directory= instead.
var ErrNoGlobalEvents = errors.New("no /global/event")

// EventConfig is what opening an event stream needs.
type EventConfig struct {
	API          *OpenCodeAPI // server, HTTP client and auth
	IdleTimeout  time.Duration
	MaxEventSize int
	MaxBuffer    int // bytes of queued events; transport.DefaultMaxBuffer when zero
	// HeaderTimeout bounds the wait for response headers (5 s when zero).
	HeaderTimeout time.Duration
	// Follows picks the sessions whose frames are queued; nil queues all.
	Follows func(session string) bool
}

// OpenEvents connects to /global/event (or /event?directory=dir when global
// is false) and starts reading it. It returns once response headers
// arrived.
func OpenEvents(ctx context.Context, c EventConfig, global bool, dir string) (*Events, error) {
	if c.Follows == nil {
		c.Follows = func(string) bool { return true }
	}
	if c.IdleTimeout <= 0 {
		c.IdleTimeout = DefaultIdleTimeout
	}
	if c.MaxEventSize <= 0 {
		c.MaxEventSize = transport.DefaultMaxEventSize
	}
	q := url.Values{}
	path := "/global/event"
	if !global {
		path = "/event"
		q.Set("directory", dir)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.API.endpoint(path, q), nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range c.API.header {
		req.Header[k] = vs
	}
	req.Header.Set("Accept", "text/event-stream")
	// OpenCode answers stream headers at once; a request accepted but never
	// answered (its start-up window) should be retried quickly.
	if c.HeaderTimeout <= 0 {
		c.HeaderTimeout = eventHeaderTimeout
	}
	resp, cancel, err := transport.DoTimed(ctx, c.API.hc, req, min(c.IdleTimeout, c.HeaderTimeout))
	if err != nil {
		return nil, fmt.Errorf("event stream: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel(nil)
		if global && resp.StatusCode == http.StatusNotFound {
			return nil, ErrNoGlobalEvents
		}
		return nil, &transport.StatusError{What: "event stream of " + c.API.Server(), Status: resp.StatusCode, Detail: refusal(req, resp.StatusCode, nil)}
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		resp.Body.Close()
		cancel(nil)
		return nil, &transport.ProtocolError{What: "event stream of " + c.API.Server(), Msg: fmt.Sprintf("expected an event stream, got %q (is this an OpenCode server?)", sanitize.ShortForm(resp.Header.Get("Content-Type")))}
	}
	conn := &Events{events: make(chan *reconcile.Event, eventQueue), done: make(chan error, 1), cancel: cancel, stopped: make(chan struct{}), budget: newByteBudget(c.MaxBuffer)}
	conn.quit, conn.endQuit = context.WithCancel(context.Background())
	body := transport.NewWatchdog(resp.Body, c.IdleTimeout, cancel)
	go conn.read(body, c.Follows, c.MaxEventSize)
	return conn, nil
}

// read decodes frames until the body ends. A clean end is a reason to
// reconnect too: OpenCode ends /event when an instance is disposed.
func (c *Events) read(body *transport.Watchdog, follows func(string) bool, maxEvent int) {
	defer body.Close()
	var dec reconcile.Decoder // keeps the names that repeat from event to event
	frames := sse.NewReader(body, maxEvent)
	for {
		ev, err := frames.Next()
		if err == io.EOF {
			c.done <- errors.New("event stream ended")
			return
		}
		if err != nil {
			c.done <- fmt.Errorf("event stream: %w", err)
			return
		}
		decoded, _, derr := dec.DecodeBytes(ev.Data)
		if derr != nil || decoded.Session == "" || !follows(decoded.Session) {
			continue // other sessions, heartbeats, and frames we cannot read
		}
		if c.budget.take(c.quit, eventSize(decoded)) != nil {
			c.done <- errors.New("closed")
			return
		}
		select {
		case c.events <- &decoded:
		case <-c.stopped:
			c.done <- errors.New("closed")
			return
		}
	}
}

// took gives the bytes of an event taken off events back to the budget.
func (c *Events) took(ev *reconcile.Event) { c.budget.give(eventSize(*ev)) }

// eventSize is what a queued event counts against the budget.
func eventSize(ev reconcile.Event) int {
	return len(ev.Data) + len(ev.Type) + len(ev.Session) + len(ev.ID)
}

// Close ends the connection.
func (c *Events) Close() {
	c.endQuit()
	close(c.stopped)
	c.cancel(errors.New("closed"))
}
