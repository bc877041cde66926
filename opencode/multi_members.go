package opencode

import (
	"cmp"
	"context"
	"encoding/json"
	"slices"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// member is one followed session: a sessionFollower whose event stream is
// the shared one.
type member struct {
	f        *sessionFollower
	caughtUp bool // its first catch-up (silent when Start said so) is done
	origin   Origin
}

// discover adds the sessions to follow: the named ones (first time only),
// every listed one with All, and the children of followed ones. A session
// that shows up only after the first attempt was created meanwhile.
func (mf *multiFollower) discover(ctx context.Context, first bool) error {
	if first {
		for _, id := range mf.opts.Sessions {
			if err := mf.add(ctx, id, OriginTarget); err != nil {
				return err
			}
		}
	}
	if mf.opts.All {
		list, err := mf.api.sessionObjects(ctx, true, 0)
		if err != nil {
			return err
		}
		// Newest activity first, so that the cap keeps the live ones.
		slices.SortStableFunc(list, func(a, b sessionObject) int { return cmp.Compare(b.Time.Updated, a.Time.Updated) })
		for _, o := range list {
			if err := mf.add(ctx, o.ID, mf.originOf(o.ID, first, OriginListed)); err != nil {
				return err
			}
		}
	}
	if !mf.opts.Children {
		return nil
	}
	// The list grows while children are added, so grandchildren are found.
	for i := 0; i < len(mf.order); i++ {
		kids, err := mf.api.Children(ctx, mf.order[i])
		if transport.NotFound(err) {
			continue // deleted meanwhile; its catch-up drops it
		}
		if err != nil {
			return err
		}
		for _, k := range kids {
			if err := mf.add(ctx, k.ID, mf.originOf(k.ID, first, OriginChild)); err != nil {
				return err
			}
		}
	}
	return nil
}

// originOf marks sessions first seen after the first attempt as created.
func (mf *multiFollower) originOf(id string, first bool, present Origin) Origin {
	if first || mf.seen[id] {
		return present
	}
	return OriginCreated
}

// wants reports whether an event of a session not followed yet starts one:
// a session created while All is on, or a child of a followed session.
func (mf *multiFollower) wants(ev reconcile.Event) bool {
	if ev.Session == "" || mf.seen[ev.Session] ||
		(ev.Type != reconcile.TypeSessionCreated && ev.Type != reconcile.TypeSessionUpdated) {
		return false
	}
	if mf.opts.All && ev.Type == reconcile.TypeSessionCreated {
		return true
	}
	return mf.opts.Children && mf.members[parentOf(ev)] != nil
}

func (mf *multiFollower) addLive(ctx context.Context, ev reconcile.Event) error {
	origin := OriginChild
	if ev.Type == reconcile.TypeSessionCreated {
		origin = OriginCreated
	}
	if err := mf.add(ctx, ev.Session, origin); err != nil || mf.members[ev.Session] == nil {
		return err
	}
	return mf.catchUp(ctx, ev.Session)
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
func (mf *multiFollower) add(ctx context.Context, id string, origin Origin) error {
	if mf.members[id] != nil {
		return nil
	}
	refused := mf.seen[id]
	mf.seen[id] = true
	if origin != OriginTarget && mf.opts.MaxSessions > 0 && len(mf.members) >= mf.opts.MaxSessions {
		if !refused {
			mf.note("not following %s: already following %d sessions", id, len(mf.members))
		}
		return nil
	}
	f := &sessionFollower{
		opts: SessionOptions{
			Server: mf.opts.Server, Session: id, Header: mf.opts.Header,
			IdleTimeout: mf.opts.IdleTimeout, MaxEventSize: mf.opts.MaxEventSize,
		},
		api: mf.api, hc: mf.hc, global: true, model: reconcile.New(id),
	}
	f.handle = func(evs []reconcile.Event, m *reconcile.Model) error { return mf.handle(id, evs, m) }
	if err := f.learnDirectory(ctx); err != nil {
		if origin != OriginTarget && transport.NotFound(err) {
			mf.dropped(id)
			return nil
		}
		return err
	}
	// Start only once the session answered: a failed attempt is retried,
	// and Start takes the session's saved position (and its lock) each time.
	if mf.opts.Start != nil {
		start, err := mf.opts.Start(id, origin)
		if err != nil {
			return transport.HandlerError{Err: err}
		}
		f.opts.Resume, f.opts.ResumeSeq, f.opts.ResumeEventID = start.Resume, start.ResumeSeq, start.ResumeEventID
		f.opts.Silent, f.resumed = start.Silent, start.Resume
	}
	mf.members[id] = &member{f: f, origin: origin}
	mf.order = append(mf.order, id)
	return nil
}

// catchUp brings one member up to date; its first catch-up is silent when
// its start says so. A session gone from the server is dropped.
func (mf *multiFollower) catchUp(ctx context.Context, id string) error {
	m := mf.members[id]
	if m == nil {
		return nil
	}
	err := m.f.catchUp(ctx, !m.caughtUp && m.f.opts.Silent)
	if transport.NotFound(err) {
		mf.drop(id)
		return nil
	}
	if err == nil {
		m.caughtUp = true
	}
	return err
}

func (mf *multiFollower) drop(id string) {
	delete(mf.members, id)
	mf.order = slices.DeleteFunc(mf.order, func(s string) bool { return s == id })
	mf.note("session %s is gone from the server; no longer following it", id)
	mf.dropped(id)
}

func (mf *multiFollower) dropped(id string) {
	if mf.opts.OnDrop != nil {
		mf.opts.OnDrop(id)
	}
}
