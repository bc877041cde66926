package follower

import (
	"context"
	"errors"
	"slices"

	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/transport"
)

// openEvents opens /global/event. A server without it still serves the
// named sessions when they share a directory (a session and its children
// always do): its /event?directory= carries all of them.
func (e *engine) openEvents(ctx context.Context) (*opencode.Events, error) {
	cfg := opencode.EventConfig{API: e.api, IdleTimeout: e.o.IdleTimeout, MaxEventSize: e.o.MaxEventSize, MaxBuffer: e.o.MaxBuffer, Follows: e.follows()}
	if e.backoff.Probing() {
		cfg.HeaderTimeout = transport.ProbeTimeout
	}
	if e.dir != "" {
		return opencode.OpenEvents(ctx, cfg, false, e.dir)
	}
	conn, err := opencode.OpenEvents(ctx, cfg, true, "")
	if !errors.Is(err, opencode.ErrNoGlobalEvents) {
		return conn, err
	}
	dir := e.sharedDirectory()
	if dir == "" {
		return nil, &transport.ProtocolError{What: "event stream of " + e.api.Server(),
			Msg: "the server has no /global/event; follow one session (or sessions of one directory) at a time"}
	}
	e.dir = dir
	return opencode.OpenEvents(ctx, cfg, false, dir)
}

// follows picks the frames the stream queues: only the named sessions'
// when no other session can join, so that other sessions' frames never
// fill the queue.
func (e *engine) follows() func(string) bool {
	if e.o.All || e.o.Children {
		return nil
	}
	targets := slices.Clone(e.o.Sessions)
	return func(session string) bool { return slices.Contains(targets, session) }
}

// sharedDirectory is the directory of every named session, "" when they
// do not share one or All asks for every session. The named sessions were
// read before the stream was opened.
func (e *engine) sharedDirectory() string {
	if e.o.All {
		return ""
	}
	shared := ""
	for i, id := range e.o.Sessions {
		m := e.members[id]
		if m == nil || i > 0 && m.dir != shared {
			return ""
		}
		shared = m.dir
	}
	return shared
}
