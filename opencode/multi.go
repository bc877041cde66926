package opencode

import (
	"context"
	"errors"
	"fmt"
	"net/http"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// Origin says how a session came to be followed.
type Origin int

const (
	OriginTarget  Origin = iota // named by the caller (MultiOptions.Sessions)
	OriginListed                // present at start, found through MultiOptions.All
	OriginChild                 // a child of a followed session, present at start
	OriginCreated               // created while following (or during a disconnect)
)

// SessionStart is where a session's output begins: the fields mean what
// the same fields of SessionOptions mean.
type SessionStart struct {
	Resume        bool
	ResumeSeq     int64
	ResumeEventID string
	Silent        bool
}

// MultiOptions configure FollowSessions.
type MultiOptions struct {
	Server   string
	Header   http.Header
	HTTP     *http.Client
	Sessions []string // followed from the start
	// All follows every session of the server (every directory), and each
	// one created while following.
	All bool
	// Children follows the child (subagent) sessions of followed sessions,
	// found by parentID.
	Children bool
	// MaxSessions caps the sessions followed at once; sessions found by All
	// or Children beyond it are skipped with a notice. 0: no cap. Sessions
	// named in Sessions are always followed.
	MaxSessions  int
	Once         bool
	IdleTimeout  time.Duration
	MaxRetries   int
	MaxEventSize int
	Backoff      transport.Backoff
	OnState      func(feed.State)
	// Start is asked once per session, before its first catch-up, where its
	// output begins. An error from it ends FollowSessions.
	Start func(session string, origin Origin) (SessionStart, error)
	// OnDrop is told about a session no longer followed (deleted).
	OnDrop func(session string)
}

// MultiHandler receives what changed in one session, in order, with that
// session's model after it. Calls for different sessions come one at a
// time, in the order the server sent the events. Returning ErrStop ends
// FollowSessions with nil.
type MultiHandler func(session string, events []reconcile.Event, m *reconcile.Model) error

type multiFollower struct {
	opts    MultiOptions
	api     *OpenCodeAPI
	hc      *http.Client
	handle  MultiHandler
	backoff transport.Backoff
	members map[string]*member
	order   []string        // member ids in the order they were added
	seen    map[string]bool // sessions listed or refused so far
	phase   feed.Phase
	dir     string // set when the server lacks /global/event: the directory whose stream is read
}

// FollowSessions follows several OpenCode sessions over one /global/event
// connection: events are routed by session to per-session state, and each
// session catches up (sync history or REST) exactly as FollowSession does.
// It returns like FollowSession; a session deleted while followed is
// dropped with a notice.
func FollowSessions(ctx context.Context, opts MultiOptions, handle MultiHandler) error {
	base, err := transport.ParseURL(opts.Server, "server")
	if err != nil {
		return err
	}
	if opts.IdleTimeout <= 0 {
		opts.IdleTimeout = defaultSessionIdle
	}
	if opts.MaxEventSize <= 0 {
		opts.MaxEventSize = transport.DefaultMaxEventSize
	}
	hc := transport.ClientOr(opts.HTTP)
	mf := &multiFollower{
		opts: opts, hc: hc, handle: handle, backoff: opts.Backoff,
		api:     NewOpenCodeAPI(base, hc, opts.Header, opts.IdleTimeout),
		members: map[string]*member{}, seen: map[string]bool{},
	}
	if mf.backoff.Initial == 0 && mf.backoff.Max == 0 {
		mf.backoff = transport.DefaultBackoff()
	}
	err = mf.run(ctx)
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

func (mf *multiFollower) report(s feed.State) { reportPhase(&mf.phase, mf.opts.OnState, s) }

func (mf *multiFollower) note(format string, a ...any) {
	if mf.opts.OnState != nil {
		mf.opts.OnState(feed.State{Phase: mf.phase, Mode: "events", Note: fmt.Sprintf(format, a...)})
	}
}

// run is sessionFollower.run for the shared connection.
func (mf *multiFollower) run(ctx context.Context) error {
	return followEvents(ctx, &mf.backoff, mf.opts.MaxRetries, "sessions", mf.report, mf.attempt)
}

// attempt is one connection: open the stream, find the sessions to follow
// and catch each up while the stream buffers, then apply live events.
func (mf *multiFollower) attempt(ctx context.Context, first bool) (healthy bool, err error) {
	conn, err := mf.openEvents(ctx)
	if err != nil {
		return false, err
	}
	defer conn.close()
	mf.report(feed.State{Phase: feed.PhaseCatchingUp, Mode: "events"})
	if err := mf.discover(ctx, first); err != nil {
		return false, err
	}
	for _, id := range append([]string(nil), mf.order...) {
		if err := mf.catchUp(ctx, id); err != nil {
			return false, err
		}
	}
	if len(mf.members) == 0 && !mf.opts.All {
		return false, &transport.StatusError{What: "sessions", Status: http.StatusNotFound}
	}
	if mf.opts.Once {
		return true, nil
	}
	mf.report(feed.State{Phase: feed.PhaseLive, Mode: "events"})
	return true, conn.follow(ctx, func(first *reconcile.Event) error { return mf.applyQueued(ctx, conn, first) })
}

// applyQueued applies first (if any) and everything queued behind it.
// Consecutive events of one session are handed on together; a change of
// session hands on what came before, so the order across sessions is the
// server's.
func (mf *multiFollower) applyQueued(ctx context.Context, conn *eventConn, first *reconcile.Event) error {
	var run batchRun
	next := conn.queued(first)
	for ev, ok := next(); ok; ev, ok = next() {
		if mf.members[ev.Session] == nil && mf.wants(ev) {
			if err := run.flush(); err != nil {
				return err
			}
			if err := mf.addLive(ctx, ev); err != nil {
				return err
			}
		}
		m := mf.members[ev.Session]
		if m == nil {
			continue
		}
		if run.f != m.f {
			if err := run.flush(); err != nil {
				return err
			}
			run.start(m.f)
		}
		if ev.Sync && m.f.model.SeqGap(ev) {
			if err := run.flush(); err != nil {
				return err
			}
			if err := mf.catchUp(ctx, ev.Session); err != nil {
				return err
			}
			if mf.members[ev.Session] == nil {
				run = batchRun{}
				continue
			}
		}
		if m.f.model.Apply(ev) {
			run.events = append(run.events, ev)
		}
		mf.noteUnknown(m.f, ev)
	}
	return run.flush()
}

// batchRun collects the changes of one session between hand-ons.
type batchRun struct {
	f      *sessionFollower
	seq    int64
	events []reconcile.Event
}

func (r *batchRun) start(f *sessionFollower) {
	r.f, r.events = f, nil
	r.seq, _ = f.model.LastSeq()
}

func (r *batchRun) flush() error {
	if r.f == nil {
		return nil
	}
	now, _ := r.f.model.LastSeq()
	if len(r.events) == 0 && now == r.seq {
		return nil
	}
	err := r.f.hand(r.events)
	r.start(r.f)
	return err
}
