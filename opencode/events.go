package opencode

import (
	"context"
	"errors"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"time"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
	gosse "github.com/tmaxmax/go-sse"
)

// eventConn is one live connection to an OpenCode event stream. Frames of
// the followed sessions queue on events while the caller catches up; done
// receives why the connection ended.
type eventConn struct {
	events  chan reconcile.Event
	done    chan error
	cancel  context.CancelCauseFunc
	stopped chan struct{}
}

// eventQueue holds frames while a catch-up runs. When it is full the reader
// stops reading, which pushes back on the server instead of dropping.
const eventQueue = 16 << 10

const eventHeaderTimeout = 5 * time.Second

// errFallback asks for the per-directory stream: the global one is missing.
var errFallback = errors.New("no /global/event")

// openEvents connects to /global/event (or /event?directory= when global is
// false) and starts reading it. It returns once response headers arrived.
func (f *sessionFollower) openEvents(ctx context.Context, global bool, dir string) (*eventConn, error) {
	return openEventStream(ctx, streamConfig{
		api: f.api, hc: f.hc, header: f.opts.Header,
		idle: f.opts.IdleTimeout, maxEvent: f.opts.MaxEventSize, follows: f.follows,
	}, global, dir)
}

// streamConfig is what opening an event stream needs; follows picks the
// sessions whose frames are queued.
type streamConfig struct {
	api      *OpenCodeAPI
	hc       *http.Client
	header   http.Header
	idle     time.Duration
	maxEvent int
	follows  func(string) bool
}

func openEventStream(ctx context.Context, c streamConfig, global bool, dir string) (*eventConn, error) {
	q := url.Values{}
	path := "/global/event"
	if !global {
		path = "/event"
		q.Set("directory", dir)
	}
	req, err := http.NewRequestWithContext(ctx, http.MethodGet, c.api.endpoint(path, q), nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range c.header {
		req.Header[k] = vs
	}
	req.Header.Set("Accept", "text/event-stream")
	// OpenCode answers stream headers at once; a request accepted but never
	// answered (its start-up window) should be retried quickly.
	resp, cancel, err := transport.DoTimed(ctx, c.hc, req, min(c.idle, eventHeaderTimeout))
	if err != nil {
		return nil, fmt.Errorf("event stream: %w", err)
	}
	if resp.StatusCode != http.StatusOK {
		resp.Body.Close()
		cancel(nil)
		if global && resp.StatusCode == http.StatusNotFound {
			return nil, errFallback
		}
		return nil, &transport.StatusError{What: "event stream of " + transport.RedactedURL(c.api.base), Status: resp.StatusCode}
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		resp.Body.Close()
		cancel(nil)
		return nil, &transport.ProtocolError{What: "event stream of " + transport.RedactedURL(c.api.base), Msg: fmt.Sprintf("expected an event stream, got %q (is this an OpenCode server?)", resp.Header.Get("Content-Type"))}
	}
	conn := &eventConn{events: make(chan reconcile.Event, eventQueue), done: make(chan error, 1), cancel: cancel, stopped: make(chan struct{})}
	body := transport.NewWatchdog(resp.Body, c.idle, cancel)
	go conn.read(body, c.follows, c.maxEvent)
	return conn, nil
}

// read decodes frames until the body ends. A clean end is a reason to
// reconnect too: OpenCode ends /event when an instance is disposed.
func (c *eventConn) read(body *transport.Watchdog, follows func(string) bool, maxEvent int) {
	defer body.Close()
	for ev, err := range gosse.Read(body, &gosse.ReadConfig{MaxEventSize: maxEvent}) {
		if err != nil {
			c.done <- fmt.Errorf("event stream: %w", err)
			return
		}
		decoded, _, derr := reconcile.DecodeFrame([]byte(ev.Data))
		if derr != nil || decoded.Session == "" || !follows(decoded.Session) {
			continue // other sessions, heartbeats, and frames we cannot read
		}
		select {
		case c.events <- decoded:
		case <-c.stopped:
			c.done <- errors.New("closed")
			return
		}
	}
	c.done <- errors.New("event stream ended")
}

func (c *eventConn) close() {
	close(c.stopped)
	c.cancel(errors.New("closed"))
}
