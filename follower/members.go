package follower

import (
	"cmp"
	"context"
	"encoding/json"
	"fmt"
	"slices"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
)

// member is one followed session.
type member struct {
	id     string
	dir    string // the session's directory, for instance-scoped calls
	origin Origin
	model  *reconcile.Model
	// start is where the next catch-up's output begins: the session's Start
	// until its first catch-up worked, then from the model's state.
	start   reconcile.Resume
	unknown map[string]bool // event types noticed as not understood
	// info is the session as read when it was added, for the first
	// catch-up to take instead of reading it again (with Once only: it was
	// read while the event stream opened, not after).
	info json.RawMessage
	// caughtUp: a catch-up has worked. streamedTo is the newest message a
	// streamed catch-up that failed part way handed on (see stream).
	caughtUp   bool
	streamedTo string
	// head is the head of the first catch-up of an attempt, read ahead.
	head *headRead
}

// sessionRead is one read of GET /session/ID.
type sessionRead struct {
	dir  string
	info json.RawMessage
	err  error
}

// discover adds the sessions found rather than named: every listed one
// with All, and the children of followed ones. A session that shows up
// only after the first attempt was created meanwhile.
func (e *engine) discover(ctx context.Context, first bool) error {
	if e.o.All {
		list, err := e.api.Sessions(ctx, true, 0)
		if err != nil {
			return err
		}
		// Newest activity first, so that the cap keeps the live ones.
		slices.SortStableFunc(list, func(a, b opencode.SessionObject) int { return cmp.Compare(b.Time.Updated, a.Time.Updated) })
		for _, o := range list {
			if err := e.add(ctx, o.ID, e.originOf(o.ID, first, OriginListed)); err != nil {
				return err
			}
		}
	}
	if !e.o.Children {
		return nil
	}
	// The list grows while children are added, so grandchildren are found.
	for i := 0; i < len(e.order); i++ {
		kids, err := e.api.Children(ctx, e.order[i])
		if transport.NotFound(err) {
			continue // deleted meanwhile; its catch-up drops it
		}
		if err != nil {
			return err
		}
		for _, k := range kids {
			if err := e.add(ctx, k.ID, e.originOf(k.ID, first, OriginChild)); err != nil {
				return err
			}
		}
	}
	return nil
}

// originOf marks sessions first seen after the first attempt as created.
func (e *engine) originOf(id string, first bool, present Origin) Origin {
	if first || e.seen[id] {
		return present
	}
	return OriginCreated
}

// wants reports whether an event of a session not followed yet starts one:
// a session created while All is on, or a child of a followed session.
func (e *engine) wants(ev reconcile.Event) bool {
	if ev.Session == "" || e.seen[ev.Session] ||
		(ev.Type != reconcile.TypeSessionCreated && ev.Type != reconcile.TypeSessionUpdated) {
		return false
	}
	if e.o.All && ev.Type == reconcile.TypeSessionCreated {
		return true
	}
	return e.o.Children && e.members[parentOf(ev)] != nil
}

func (e *engine) addLive(ctx context.Context, ev reconcile.Event) error {
	origin := OriginChild
	if ev.Type == reconcile.TypeSessionCreated {
		origin = OriginCreated
	}
	if err := e.add(ctx, ev.Session, origin); err != nil || e.members[ev.Session] == nil {
		return err
	}
	return e.catchUp(ctx, ev.Session)
}

// parentOf reads info.parentID of a session.* event.
func parentOf(ev reconcile.Event) string {
	var p struct {
		Info struct {
			ParentID string `json:"parentID"`
		} `json:"info"`
	}
	_ = json.Unmarshal(ev.Data, &p)
	return p.Info.ParentID
}

// add starts following id, unless it is followed already or the cap is
// reached. Only a named session that cannot be read is an error.
func (e *engine) add(ctx context.Context, id string, origin Origin) error {
	if e.members[id] != nil {
		return nil
	}
	refused := e.seen[id]
	e.seen[id] = true
	if origin != OriginTarget && e.o.MaxSessions > 0 && len(e.members) >= e.o.MaxSessions {
		if !refused {
			e.note("not following %s: already following %d sessions", sanitize.ShortForm(id), len(e.members))
		}
		return nil
	}
	read, ok := e.targetReads[id]
	if !ok {
		read.dir, read.info, read.err = e.api.SessionDirectory(ctx, id)
	}
	dir, err := read.dir, read.err
	if err != nil {
		if origin != OriginTarget && transport.NotFound(err) {
			e.dropped(id)
			return nil
		}
		return err
	}
	m := &member{id: id, dir: dir, origin: origin, model: reconcile.New(id)}
	if e.o.Once {
		m.info = read.info
	}
	// Start only once the session answered: a failed attempt is retried,
	// and Start takes the session's saved position (and its lock) each time.
	if e.o.Start != nil {
		start, err := e.o.Start(id, origin)
		if err != nil {
			return transport.HandlerError{Err: err}
		}
		m.start = reconcile.Resume{Resumed: start.Resume, Seq: start.ResumeSeq, EventID: start.ResumeEventID, Silent: start.Silent}
	}
	e.members[id] = m
	e.order = append(e.order, id)
	return nil
}

func (e *engine) drop(id string) {
	delete(e.members, id)
	e.order = slices.DeleteFunc(e.order, func(s string) bool { return s == id })
	e.note("session %s is gone from the server; no longer following it", sanitize.ShortForm(id))
	e.dropped(id)
}

func (e *engine) dropped(id string) {
	if e.o.OnDrop != nil {
		e.o.OnDrop(id)
	}
}

func (e *engine) note(format string, a ...any) {
	if e.o.OnState != nil {
		e.o.OnState(feed.State{Phase: e.phase, Mode: "events", Note: fmt.Sprintf(format, a...)})
	}
}

func (e *engine) report(s feed.State) { reportPhase(&e.phase, e.o.OnState, s) }
