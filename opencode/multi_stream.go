package opencode

import (
	"context"
	"errors"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
)

// openEvents opens /global/event. A server without it still serves the
// named sessions when they share a directory (a session and its children
// always do): its /event?directory= carries all of them.
func (mf *multiFollower) openEvents(ctx context.Context) (*eventConn, error) {
	cfg := streamConfig{
		api: mf.api, hc: mf.hc, header: mf.opts.Header, idle: mf.opts.IdleTimeout,
		maxEvent: mf.opts.MaxEventSize, follows: func(string) bool { return true },
	}
	if mf.dir != "" {
		return openEventStream(ctx, cfg, false, mf.dir)
	}
	conn, err := openEventStream(ctx, cfg, true, "")
	if !errors.Is(err, errFallback) {
		return conn, err
	}
	dir, err := mf.sharedDirectory(ctx)
	if err != nil {
		return nil, err
	}
	if dir == "" {
		return nil, &transport.ProtocolError{What: "event stream of " + transport.RedactedURL(mf.api.base),
			Msg: "the server has no /global/event; follow one session (or sessions of one directory) at a time"}
	}
	mf.dir = dir
	return openEventStream(ctx, cfg, false, dir)
}

// sharedDirectory is the directory of every named session, "" when they
// do not share one or All asks for every session.
func (mf *multiFollower) sharedDirectory(ctx context.Context) (string, error) {
	if mf.opts.All || len(mf.opts.Sessions) == 0 {
		return "", nil
	}
	shared := ""
	for _, id := range mf.opts.Sessions {
		raw, err := mf.api.Session(ctx, id)
		if err != nil {
			return "", err
		}
		dir, err := sessionDirectory(raw)
		if err != nil {
			return "", &transport.ProtocolError{What: "session " + id, Msg: err.Error()}
		}
		if shared != "" && dir != shared {
			return "", nil
		}
		shared = dir
	}
	return shared, nil
}

// noteUnknown reports, once per session and type, events the model does
// not understand, as FollowSession does.
func (mf *multiFollower) noteUnknown(f *sessionFollower, ev reconcile.Event) {
	if reconcile.Known(ev.Type) || f.unknown[ev.Type] {
		return
	}
	if f.unknown == nil {
		f.unknown = unknownTypes{}
	}
	f.unknown[ev.Type] = true
	mf.note("ignoring %q events of session %s: not understood by this dstail (counted, not shown)",
		sanitize.Line(ev.Type), f.opts.Session)
}
