// Package follower follows OpenCode sessions: one event stream for every
// followed session, a catch-up per session after every (re)connect, and a
// reconcile.Model per session that the handler sees after each change.
package follower

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// Origin says how a session came to be followed.
type Origin int

const (
	OriginTarget  Origin = iota // named by the caller (Options.Sessions)
	OriginListed                // present at start, found through Options.All
	OriginChild                 // a child of a followed session, present at start
	OriginCreated               // created while following (or during a disconnect)
)

// Start is where a session's output begins.
type Start struct {
	// Resume continues after a saved per-session seq (ResumeSeq): only newer
	// events are handed on (through /sync/history, where the server has it).
	Resume    bool
	ResumeSeq int64
	// ResumeEventID is the newest event id already handed on: a durable
	// event printed live just before a stop, whose seq was not yet saved,
	// comes back from history and must not be printed twice.
	ResumeEventID string
	// Silent applies the initial state without handing it on (--from now).
	Silent bool
}

// Options configure Follow.
type Options struct {
	Server   string      // OpenCode server base URL
	Header   http.Header // auth, sent on every request
	HTTP     *http.Client
	Sessions []string // followed from the start (the targets)
	// All follows every session of the server (every directory), and each
	// one created while following.
	All bool
	// Children follows the child (subagent) sessions of followed sessions,
	// found by parentID.
	Children bool
	// MaxSessions caps the sessions followed at once; sessions found by All
	// or Children beyond it are skipped with a notice. 0: no cap. Sessions
	// named in Sessions are always followed.
	MaxSessions int
	// Once stops after the initial catch-up (--once).
	Once bool
	// Stream, with Once, hands each session's catch-up on in pieces as its
	// message list is read, and the model keeps no message once handed on,
	// so memory does not grow with the session. Only for a handler that
	// never asks the model about messages (NDJSON output).
	Stream       bool
	IdleTimeout  time.Duration // 30 s when zero: the server beats every 10 s
	MaxRetries   int
	MaxEventSize int
	MaxBuffer    int // bytes of events queued during a catch-up; 64 MiB when zero
	Backoff      transport.Backoff
	RetryNow     <-chan struct{} // ends a wait before the next attempt at once (nil: never)
	OnState      func(feed.State)
	// Start is asked once per session, before its first catch-up, where its
	// output begins. An error from it ends Follow. nil: every session from
	// its start.
	Start func(session string, origin Origin) (Start, error)
	// OnDrop is told about a session no longer followed (deleted).
	OnDrop func(session string)
}

// Handler receives what changed in one session, in order, with that
// session's model after it; events may be empty when only the model's seq
// moved. Calls for different sessions come one at a time, in the order the
// server sent the events. Returning ErrStop ends Follow with nil. The
// events slice is the handler's only until it returns: the next call may
// hand on others in it (the events themselves are not changed; copy the
// slice to keep it).
type Handler func(session string, events []reconcile.Event, m *reconcile.Model) error

// ErrStop ends a follow cleanly from inside a handler.
var ErrStop = errors.New("stop")

// Follow follows the named sessions (and, as asked, every session or the
// children of followed ones) over one event stream: /global/event, else
// /event?directory= when the sessions share a directory. After every
// (re)connect each session catches up (sync history from the last seq,
// else REST), merged without duplicates. It returns nil when Once is done
// or the handler says ErrStop, ctx's error when cancelled, and permanent
// errors (unknown session, bad credentials) at once. A session deleted
// while followed is dropped with a notice; the last one ends the follow.
func Follow(ctx context.Context, o Options, h Handler) error {
	if len(o.Sessions) == 0 && !o.All {
		return errors.New("follower: no session to follow")
	}
	base, err := transport.ParseURL(o.Server, "server")
	if err != nil {
		return err
	}
	if o.IdleTimeout <= 0 {
		o.IdleTimeout = opencode.DefaultIdleTimeout
	}
	if o.MaxEventSize <= 0 {
		o.MaxEventSize = transport.DefaultMaxEventSize
	}
	e := &engine{
		o: o, handle: h, backoff: o.Backoff,
		api:     opencode.NewOpenCodeAPI(base, transport.ClientOr(o.HTTP), o.Header, o.IdleTimeout),
		members: map[string]*member{}, seen: map[string]bool{},
	}
	if e.backoff.Initial == 0 && e.backoff.Max == 0 {
		e.backoff = transport.DefaultBackoff()
	}
	err = e.run(ctx)
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// Check reads every named session once with o's auth: a quick, clear
// failure (unreachable, 401, unknown session) before a caller takes the
// screen.
func Check(ctx context.Context, o Options) error {
	base, err := transport.ParseURL(o.Server, "server")
	if err != nil {
		return err
	}
	api := opencode.NewOpenCodeAPI(base, transport.ClientOr(o.HTTP), o.Header, 10*time.Second)
	for _, id := range o.Sessions {
		if _, err := api.Session(ctx, id); err != nil {
			return err
		}
	}
	return nil
}

// engine is one Follow: the shared connection and the followed sessions.
type engine struct {
	o       Options
	api     *opencode.OpenCodeAPI
	handle  Handler
	backoff transport.Backoff
	members map[string]*member
	order   []string        // member ids in the order they were added
	seen    map[string]bool // sessions listed or refused so far
	// targetReads holds the named sessions as read while the stream opened, for
	// add to take instead of reading them again.
	targetReads map[string]sessionRead
	phase       feed.Phase
	dir         string // set when the server lacks /global/event: the directory whose stream is read
	// runBuf is the slice live runs gather their events in, kept from one
	// run to the next (see batchRun.start).
	runBuf []reconcile.Event
}

// what names the follow in its last error: the session, when one is named.
func (e *engine) what() string {
	if len(e.o.Sessions) == 1 && !e.o.All {
		return "session " + e.o.Sessions[0]
	}
	return "sessions"
}

func (e *engine) run(ctx context.Context) error {
	return followEvents(ctx, &e.backoff, e.o.RetryNow, e.o.MaxRetries, e.what(), e.report, e.attempt)
}

// attempt is one connection: read the named sessions (a clear error before
// anything else, and their directories), open the stream, find the other
// sessions to follow and catch each up while the stream buffers, then
// apply live events until it fails. healthy means the catch-up worked.
func (e *engine) attempt(ctx context.Context, first bool) (healthy bool, err error) {
	var conn *opencode.Events
	if first {
		conn, err = e.openWithTargets(ctx)
	} else {
		conn, err = e.openEvents(ctx)
	}
	if err != nil {
		return false, err
	}
	defer conn.Close()
	e.report(feed.State{Phase: feed.PhaseCatchingUp, Mode: "events"})
	stopHead := e.readHeadAhead(ctx)
	defer stopHead()
	if err := e.discover(ctx, first); err != nil {
		return false, err
	}
	for _, id := range slices.Clone(e.order) {
		if err := e.catchUp(ctx, id); err != nil {
			return false, err
		}
	}
	if e.o.Once {
		return true, nil
	}
	e.report(feed.State{Phase: feed.PhaseLive, Mode: "events"})
	return true, conn.Follow(ctx, func(first *reconcile.Event) error { return e.applyQueued(ctx, conn, first) })
}
