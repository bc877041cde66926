package follower

import (
	"context"
	"encoding/json"
	"sync"

	"github.com/dstail/dstail/reconcile"
)

// headRead is a session's head (session, status, pending requests) read
// ahead of its catch-up.
type headRead struct {
	done chan struct{}
	snap reconcile.Snapshot
	err  error
}

// readHeadAhead starts the head read of the session caught up first, once
// the stream is open, so that it runs beside the search for children
// instead of after it: one round trip less before the first output. Only
// the first: on a reconnect of many sessions the server is not asked for
// all of their heads at once. The returned stop ends the read and waits
// for it; a head not taken by then is dropped.
func (e *engine) readHeadAhead(ctx context.Context) (stop func()) {
	if len(e.order) == 0 {
		return func() {}
	}
	m := e.members[e.order[0]]
	h := &headRead{done: make(chan struct{})}
	hctx, cancel := context.WithCancel(ctx)
	var wg sync.WaitGroup
	id, dir, info := m.id, m.dir, m.info
	wg.Go(func() {
		defer close(h.done)
		h.snap, h.err = e.api.SnapshotHead(hctx, id, dir, info)
	})
	m.head = h
	return func() {
		cancel()
		wg.Wait()
		m.head = nil
	}
}

// snapshotHead is the head of m's catch-up: the one read ahead, if any,
// or a read now.
func (e *engine) snapshotHead(ctx context.Context, m *member, info json.RawMessage) (reconcile.Snapshot, error) {
	if h := m.head; h != nil {
		m.head = nil
		select {
		case <-h.done:
			return h.snap, h.err
		case <-ctx.Done():
			return reconcile.Snapshot{}, ctx.Err()
		}
	}
	return e.api.SnapshotHead(ctx, m.id, m.dir, info)
}
