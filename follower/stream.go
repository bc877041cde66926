package follower

import (
	"context"
	"errors"
	"slices"
	"sync"

	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/transport"
)

// openEvents opens /global/event. A server without it still serves the
// named sessions when they share a directory (a session and its children
// always do): its /event?directory= carries all of them.
func (e *engine) openEvents(ctx context.Context) (*opencode.Events, error) {
	conn, err := e.openGlobal(ctx)
	return e.orDirectory(ctx, conn, err)
}

// openWithTargets is the first openEvents: the named sessions are read
// (and added) while the stream opens, since neither waits for the other
// unless the server lacks /global/event. A session that cannot be read
// is the error, before the stream's.
func (e *engine) openWithTargets(ctx context.Context) (*opencode.Events, error) {
	e.targetReads = map[string]sessionRead{}
	reads := make([]sessionRead, len(e.o.Sessions))
	var conn *opencode.Events
	var err error
	var wg sync.WaitGroup
	for i, id := range e.o.Sessions {
		wg.Go(func() { reads[i].dir, reads[i].info, reads[i].err = e.api.SessionDirectory(ctx, id) })
	}
	wg.Go(func() { conn, err = e.openGlobal(ctx) })
	wg.Wait()
	for i, id := range e.o.Sessions {
		e.targetReads[id] = reads[i]
	}
	for _, id := range e.o.Sessions {
		if aerr := e.add(ctx, id, OriginTarget); aerr != nil {
			if conn != nil {
				conn.Close()
			}
			return nil, aerr
		}
	}
	e.targetReads = nil
	return e.orDirectory(ctx, conn, err)
}

// openGlobal opens /global/event, or the directory's stream once the
// server turned out to lack it.
func (e *engine) openGlobal(ctx context.Context) (*opencode.Events, error) {
	cfg := e.eventConfig()
	if e.dir != "" {
		return opencode.OpenEvents(ctx, cfg, false, e.dir)
	}
	return opencode.OpenEvents(ctx, cfg, true, "")
}

func (e *engine) eventConfig() opencode.EventConfig {
	cfg := opencode.EventConfig{API: e.api, IdleTimeout: e.o.IdleTimeout, MaxEventSize: e.o.MaxEventSize, MaxBuffer: e.o.MaxBuffer, Follows: e.follows()}
	if e.backoff.Probing() {
		cfg.HeaderTimeout = transport.ProbeTimeout
	}
	return cfg
}

// orDirectory falls back to the named sessions' shared directory when the
// server has no /global/event.
func (e *engine) orDirectory(ctx context.Context, conn *opencode.Events, err error) (*opencode.Events, error) {
	if !errors.Is(err, opencode.ErrNoGlobalEvents) {
		return conn, err
	}
	dir := e.sharedDirectory()
	if dir == "" {
		return nil, &transport.ProtocolError{What: "event stream of " + e.api.Server(),
			Msg: "the server has no /global/event; follow one session (or sessions of one directory) at a time"}
	}
	e.dir = dir
	return opencode.OpenEvents(ctx, e.eventConfig(), false, dir)
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
