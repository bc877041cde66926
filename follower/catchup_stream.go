package follower

import (
	"context"
	"encoding/json"

	"github.com/dstail/dstail/reconcile"
)

// streamSlice is about how much event data a streamed catch-up hands on
// at a time: large enough that the writes are few, small enough that
// memory stays flat in the length of the session.
const streamSlice = 256 << 10

// stream is the first catch-up of a session read once (Options.Stream):
// what a read of the whole state would hand on, in the same order, handed
// on in slices as the message list is decoded, each message dropped from
// the model once merged. The status is read before the list, as in every
// catch-up, but merged after it, where a whole catch-up puts it.
//
// If the read fails part way, the retry skips the messages already handed
// on (the list is in ascending id order) so none is printed twice.
func (e *engine) stream(ctx context.Context, m *member, info json.RawMessage) error {
	head, err := e.snapshotHead(ctx, m, info)
	if err != nil {
		return err
	}
	s := m.model.StartMerge(head, true)
	s.Forget = true
	var size int
	handOn := func(evs []reconcile.Event) error {
		size = 0
		if len(evs) == 0 {
			return nil
		}
		return e.hand(m, evs)
	}
	// The session goes out first and once, whatever happens to the list.
	if err := handOn(s.Take()); err != nil {
		return err
	}
	var newest string
	skipTo := m.streamedTo // set on a retry only
	err = e.api.EachMessage(ctx, m.id, func(wm reconcile.WireMessage) error {
		if skipTo != "" {
			if id := messageID(wm); id != "" && id <= skipTo {
				return nil
			}
		}
		newest = max(newest, s.Message(wm))
		size += len(wm.Info)
		for _, p := range wm.Parts {
			size += len(p)
		}
		if size < streamSlice {
			return nil
		}
		if err := handOn(s.Take()); err != nil {
			return err
		}
		m.streamedTo = max(m.streamedTo, newest)
		return nil
	})
	if err != nil {
		// What was merged but not handed on goes out on the retry: the
		// model forgot it, so the retry's merge finds it new.
		s.Take()
		return err
	}
	m.start = reconcile.Resume{}
	m.caughtUp = true
	return handOn(s.End())
}

// messageID is info.id of a listed message, "" when it has none.
func messageID(wm reconcile.WireMessage) string {
	var head struct {
		ID string `json:"id"`
	}
	_ = json.Unmarshal(wm.Info, &head)
	return head.ID
}
