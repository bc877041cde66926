package app

import (
	"context"

	"github.com/dstail/dstail/follower"
	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/tui"
)

// sessions follows OpenCode sessions over one event stream: the named ones
// (with their children unless --no-children), or every one with --all. A
// single session is the same follow with one target.
func (r *run) sessions(ctx context.Context, targets []string) error {
	server, err := r.sessionServer(targets)
	if err != nil {
		return err
	}
	single := len(targets) == 1 && !r.c.All
	if err := checkSessionFlags(r.c, single); err != nil {
		return err
	}
	view := useView(r.c, r.io)
	pos := newPositions(r.c, r.n)
	var out sink // where the follow delivers; the view's start marks what is new
	opts := follower.Options{
		Server: server, Header: r.c.sessionHeader(), HTTP: r.c.http, Sessions: targets,
		// The inline view shows a single session, so it follows it alone.
		All: r.c.All, Children: r.c.Children && !(r.c.Inline && view), MaxSessions: r.c.MaxSessions,
		Once: r.c.Once,
		// NDJSON never asks the model about messages, so a one-off read can
		// stream them out; --until-idle asks it about the last turn.
		Stream:      r.c.JSON && r.c.Once && !r.c.UntilIdle && !view,
		IdleTimeout: r.c.IdleTimeout, MaxRetries: r.c.MaxRetries, MaxEventSize: r.c.MaxEventSize,
		MaxBuffer: r.c.MaxBuffer,
		Start: func(id string, origin follower.Origin) (follower.Start, error) {
			if view {
				return r.viewStart(pos, out, server, id, origin)
			}
			return r.sessionStart(pos, server, id, origin)
		},
	}
	follow := func(ctx context.Context, s sink, check func(*reconcile.Model)) error {
		out = s
		opts.OnState = s.State
		opts.OnDrop = func(id string) {
			pos.drop(id)
			s.Gone(id)
		}
		return follower.Follow(ctx, opts, func(id string, evs []reconcile.Event, m *reconcile.Model) error {
			if err := s.Session(id, evs, m); err != nil {
				return err
			}
			pos.commitSession(id, evs, m)
			if len(targets) == 1 && id == targets[0] { // --until-idle takes one session
				check(m)
			}
			return nil
		})
	}
	if !view {
		err := toLines(ctx, r.c, r.io, r.n, !single, func(ctx context.Context, s sink) error {
			return untilIdle(ctx, r.c.UntilIdle, func(ctx context.Context, check func(*reconcile.Model)) error {
				return follow(ctx, s, check)
			})
		})
		return pos.close(err)
	}
	// Prove the named sessions are there before taking the screen.
	if err := follower.Check(ctx, opts); err != nil {
		return err
	}
	vo := viewOptions(r.c, r.io, server)
	opts.RetryNow = retryNow(&vo)
	if !single { // the inline view shows one session; several take the screen
		vo.Inline, vo.AltScreen = false, true
	}
	vo.Actions, vo.ActionsOff = viewActions(ctx, r.c, server)
	tabs := tui.NewTabs(vo, targets...)
	err = runView(ctx, r.io, tabs, func(ctx context.Context, s sink) error {
		return follow(ctx, s, func(*reconcile.Model) {})
	})
	return pos.close(err)
}

// viewStart is where a view of a session begins: at its start, since a
// view always shows the whole session, unless --from says otherwise. The
// saved position only marks what is new since it was written, and the view
// takes it without a lock.
func (r *run) viewStart(pos *positions, s sink, server, id string, origin follower.Origin) (follower.Start, error) {
	key, err := offsets.NewKey(server, id)
	if err != nil {
		return follower.Start{}, err
	}
	seen, err := pos.openSeen(id, key)
	if err != nil {
		r.n.warn("%v; following %s without marking what is new", err, id)
	}
	s.Mark(id, seen)
	if r.c.FromSet {
		return sessionStart(r.c, origin, offsets.Position{}, false), nil
	}
	if origin == follower.OriginListed && r.c.All {
		return follower.Start{Silent: true}, nil // --all: old sessions begin at now
	}
	return follower.Start{}, nil
}

// sessionServer checks that every target is a session of one server.
func (r *run) sessionServer(targets []string) (string, error) {
	for _, t := range targets {
		if !isSession(t) {
			return "", Usagef("with several targets or --all every TARGET must be a ses_… session ID, not %q", t)
		}
	}
	return r.c.openCodeServer()
}

// sessionStart opens a session's saved position and says where its output
// begins. A named session whose position is locked is an error; a session
// found while following is followed without saving.
func (r *run) sessionStart(pos *positions, server, id string, origin follower.Origin) (follower.Start, error) {
	key, err := offsets.NewKey(server, id)
	if err != nil {
		return follower.Start{}, err
	}
	saved, found, err := pos.open(id, key)
	if err != nil {
		if origin == follower.OriginTarget {
			return follower.Start{}, err
		}
		r.n.warn("%v; following %s without saving", err, id)
		found = false
	}
	return sessionStart(r.c, origin, saved, found), nil
}
