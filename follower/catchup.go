package follower

import (
	"context"
	"errors"

	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// catchUp brings one session to the server's state and hands on what did
// it. The REST state is read before history, and nothing touches the model
// until every read has worked: a failed read then leaves the model and its
// seq as they were, and the retry asks for the same history again. A
// session gone from the server is dropped, unless it is the last one
// followed: its error then ends the follow.
func (e *engine) catchUp(ctx context.Context, id string) error {
	m := e.members[id]
	if m == nil {
		return nil
	}
	err := e.read(ctx, m)
	if transport.NotFound(err) && (e.o.All || len(e.members) > 1) {
		e.drop(id)
		return nil
	}
	return err
}

func (e *engine) read(ctx context.Context, m *member) error {
	info := m.info
	m.info = nil // a retry reads the session again
	if e.o.Stream && e.o.Once && !m.caughtUp && !m.start.Resumed && !m.start.Silent {
		return e.stream(ctx, m, info)
	}
	snap, err := e.snapshotHead(ctx, m, info)
	if err != nil {
		return err
	}
	if snap, err = e.api.WithMessages(ctx, m.id, snap); err != nil {
		return err
	}
	var history []reconcile.Event
	if seq, ok := m.model.HistoryAfter(m.start); ok {
		history, err = e.api.HistoryAfter(ctx, m.id, seq, m.dir)
		if err != nil && !errors.Is(err, opencode.ErrNoHistory) {
			return err
		}
	}
	out := m.model.CatchUp(snap, history, m.start)
	m.start = reconcile.Resume{} // the model now holds the full state
	m.caughtUp = true
	return e.hand(m, out)
}

// hand passes events on; the handler's error ends the follow unchanged.
func (e *engine) hand(m *member, events []reconcile.Event) error {
	if err := e.handle(m.id, events, m.model); err != nil {
		return transport.HandlerError{Err: err}
	}
	return nil
}
