package opencode

import (
	"context"
	"errors"
	"net/http"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// SessionOptions configure FollowSession.
type SessionOptions struct {
	Server  string      // OpenCode server base URL
	Session string      // ses_… ID
	Header  http.Header // auth, sent on every request
	HTTP    *http.Client
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
	// Once stops after the initial catch-up (--once).
	Once         bool
	IdleTimeout  time.Duration // 30 s when zero: the server beats every 10 s
	MaxRetries   int
	MaxEventSize int
	Backoff      transport.Backoff
	OnState      func(feed.State)
}

// SessionHandler receives what changed, in order, with the model after it.
// events may be empty when only the model's seq moved. Returning ErrStop
// ends FollowSession with nil.
type SessionHandler func(events []reconcile.Event, m *reconcile.Model) error

// ErrStop ends a follow cleanly from inside a handler.
var ErrStop = errors.New("stop")

const defaultSessionIdle = 30 * time.Second

type sessionFollower struct {
	opts    SessionOptions
	api     *OpenCodeAPI
	hc      *http.Client
	model   *reconcile.Model
	handle  SessionHandler
	backoff transport.Backoff
	global  bool   // /global/event exists (else /event?directory=)
	dir     string // the session's directory, for instance-scoped calls
	// resumed: the model started from a saved seq and lacks older
	// messages until the first catch-up fills them in silently.
	resumed bool
	phase   feed.Phase
	unknown unknownTypes
}

// FollowSession follows one OpenCode session: live events from the server's
// event stream, and after every (re)connect a catch-up (sync history from
// the last seq, else REST) merged without duplicates. It returns nil when
// Once is done or the handler says ErrStop, ctx's error when cancelled, and
// permanent errors (unknown session, bad credentials) at once.
func FollowSession(ctx context.Context, opts SessionOptions, handle SessionHandler) error {
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
	f := &sessionFollower{
		opts: opts, hc: hc, handle: handle, global: true, backoff: opts.Backoff,
		api:   NewOpenCodeAPI(base, hc, opts.Header, opts.IdleTimeout),
		model: reconcile.New(opts.Session), resumed: opts.Resume,
	}
	if f.backoff.Initial == 0 && f.backoff.Max == 0 {
		f.backoff = transport.DefaultBackoff()
	}
	err = f.run(ctx)
	if errors.Is(err, ErrStop) {
		return nil
	}
	return err
}

// CheckSession asks the server for the session once, with opts' auth: a
// quick, clear failure (unreachable, 401, unknown session) before a caller
// commits to a full-screen view. It returns the session object.
func CheckSession(ctx context.Context, opts SessionOptions) ([]byte, error) {
	base, err := transport.ParseURL(opts.Server, "server")
	if err != nil {
		return nil, err
	}
	return NewOpenCodeAPI(base, transport.ClientOr(opts.HTTP), opts.Header, 10*time.Second).Session(ctx, opts.Session)
}

func (f *sessionFollower) follows(session string) bool { return session == f.opts.Session }

// hand passes events on; the handler's error ends the follow unchanged.
func (f *sessionFollower) hand(events []reconcile.Event) error {
	if err := f.handle(events, f.model); err != nil {
		return transport.HandlerError{Err: err}
	}
	return nil
}

func (f *sessionFollower) report(s feed.State) { reportPhase(&f.phase, f.opts.OnState, s) }

func (f *sessionFollower) run(ctx context.Context) error {
	return followEvents(ctx, &f.backoff, f.opts.MaxRetries, "session "+f.opts.Session, f.report, f.attempt)
}

// attempt is one connection: open the stream, catch up while it buffers,
// then apply live events until it fails. healthy means the catch-up worked.
func (f *sessionFollower) attempt(ctx context.Context, first bool) (healthy bool, err error) {
	if f.dir == "" {
		if err := f.learnDirectory(ctx); err != nil {
			return false, err
		}
	}
	conn, err := f.openEvents(ctx, f.global, f.dir)
	if errors.Is(err, errFallback) {
		f.global = false
		conn, err = f.openEvents(ctx, false, f.dir)
	}
	if err != nil {
		return false, err
	}
	defer conn.close()
	f.report(feed.State{Phase: feed.PhaseCatchingUp, Mode: "events"})
	if err := f.catchUp(ctx, first && f.opts.Silent); err != nil {
		return false, err
	}
	if f.opts.Once {
		return true, nil
	}
	f.report(feed.State{Phase: feed.PhaseLive, Mode: "events"})
	return true, conn.follow(ctx, func(first *reconcile.Event) error { return f.applyQueued(ctx, conn, first) })
}

// learnDirectory reads the session once: it proves the session exists (a
// clear error before anything else) and gives the directory that every
// instance-scoped call needs.
func (f *sessionFollower) learnDirectory(ctx context.Context) error {
	raw, err := f.api.Session(ctx, f.opts.Session)
	if err != nil {
		return err
	}
	dir, err := sessionDirectory(raw)
	if err != nil {
		return &transport.ProtocolError{What: "session " + f.opts.Session, Msg: err.Error()}
	}
	f.dir = dir
	return nil
}

// applyQueued applies first (if any) and everything queued behind it, then
// hands on what changed in one batch. A seq jump on a sync twin means
// something was missed, so it catches up again before going on.
func (f *sessionFollower) applyQueued(ctx context.Context, conn *eventConn, first *reconcile.Event) error {
	var batch []reconcile.Event
	seq, _ := f.model.LastSeq()
	next := conn.queued(first)
	for ev, ok := next(); ok; ev, ok = next() {
		if ev.Sync && f.model.SeqGap(ev) {
			if err := f.hand(batch); err != nil {
				return err
			}
			batch = batch[:0]
			if err := f.catchUp(ctx, false); err != nil {
				return err
			}
		}
		if f.model.Apply(ev) {
			batch = append(batch, ev)
		}
		f.noteUnknown(ev)
	}
	if now, _ := f.model.LastSeq(); len(batch) > 0 || now != seq {
		return f.hand(batch)
	}
	return nil
}
