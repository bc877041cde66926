package opencode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// catchUp brings the model to the server's state and hands on the events
// that did it, marked synthetic. A run resuming from a saved seq takes the
// durable changes since then from /sync/history (exact, and only what is
// new); otherwise the message list does it. REST also gives what history
// lacks: status, pending requests, and parts still streaming (incomplete).
func (f *sessionFollower) catchUp(ctx context.Context, silent bool) error {
	// The REST state is read before history, and nothing touches the model
	// until every read has worked: a failed read then leaves the model and
	// its seq as they were, and the retry asks for the same history again.
	snap, err := f.snapshot(ctx, true)
	if err != nil {
		return err
	}
	var out []reconcile.Event
	usedHistory := false
	// History pays only when resuming without the older state; a model that
	// holds it is brought up to date by the message list, which (unlike
	// history) never grows with the rest of the server's database.
	if last, ok := f.lastSeq(); ok && f.resumed {
		evs, err := f.history(ctx, last)
		switch {
		case err == nil:
			out, usedHistory = evs, true
		case !errors.Is(err, ErrNoHistory):
			return err
		}
	}
	merged := f.model.Merge(snap)
	if f.resumed && usedHistory {
		// Every durable change in the message list is either at or below
		// the saved seq (printed before the stop) or in history, which was
		// read after the list and applied first: so the list only fills in
		// the older state, silently, so that later re-sends of old objects
		// are known and not printed. Read the other way round, a change
		// landing between the reads would be absorbed here unprinted, and
		// its live event would then change nothing.
		merged = ephemeralOnly(merged)
	}
	f.resumed = false // the model now holds the full state
	out = append(out, merged...)
	if silent {
		out = nil
	}
	return f.hand(out)
}

// ephemeralOnly keeps the events history cannot carry: status, errors and
// pending requests.
func ephemeralOnly(evs []reconcile.Event) []reconcile.Event {
	var out []reconcile.Event
	for _, ev := range evs {
		if !reconcile.IsDurable(ev.Type) {
			out = append(out, ev)
		}
	}
	return out
}

func (f *sessionFollower) lastSeq() (int64, bool) {
	if seq, ok := f.model.LastSeq(); ok {
		return seq, true
	}
	if f.resumed {
		return f.opts.ResumeSeq, true
	}
	return 0, false
}

// history applies the session's durable events after seq. The server sends
// the whole history of every session not listed, so every session it names
// is listed too, with a seq beyond any real one.
func (f *sessionFollower) history(ctx context.Context, seq int64) ([]reconcile.Event, error) {
	last := map[string]int64{}
	for _, id := range f.api.SessionIDs(ctx, f.dir) {
		last[id] = math.MaxInt32
	}
	last[f.opts.Session] = seq
	body, err := f.api.History(ctx, last, f.dir)
	if err != nil {
		return nil, err
	}
	evs, err := reconcile.DecodeHistory(body)
	if err != nil {
		return nil, &transport.ProtocolError{What: "sync history", Msg: err.Error()}
	}
	var out []reconcile.Event
	for _, ev := range evs {
		if ev.Session != f.opts.Session {
			continue
		}
		printed := f.resumed && ev.ID != "" && ev.ID <= f.opts.ResumeEventID
		if f.model.Apply(ev) && !printed {
			ev.Synthetic = true
			out = append(out, ev)
		}
	}
	return out, nil
}

// snapshot reads the REST state; withMessages adds the full message list.
func (f *sessionFollower) snapshot(ctx context.Context, withMessages bool) (reconcile.Snapshot, error) {
	var snap reconcile.Snapshot
	raw, err := f.api.Session(ctx, f.opts.Session)
	if err != nil {
		return snap, err
	}
	snap.Session = raw
	// Status first: a turn that ends between the two reads then shows as busy
	// with a finished message, never as idle with an unfinished one (which
	// would read as interrupted).
	body, err := f.api.Status(ctx, f.dir)
	if err != nil {
		return snap, err
	}
	if snap.Status, err = reconcile.DecodeStatusMap(body); err != nil {
		return snap, &transport.ProtocolError{What: "session status", Msg: err.Error()}
	}
	if withMessages {
		body, err := f.api.Messages(ctx, f.opts.Session)
		if err != nil {
			return snap, err
		}
		if snap.Messages, err = reconcile.DecodeMessages(body); err != nil {
			return snap, &transport.ProtocolError{What: "messages", Msg: err.Error()}
		}
	}
	if snap.Permissions, err = f.optionalList(ctx, f.api.Permissions); err != nil {
		return snap, err
	}
	if snap.Questions, err = f.optionalList(ctx, f.api.Questions); err != nil {
		return snap, err
	}
	return snap, nil
}

// optionalList reads a list endpoint that older servers may lack.
func (f *sessionFollower) optionalList(ctx context.Context, get func(context.Context, string) ([]byte, error)) ([]json.RawMessage, error) {
	body, err := get(ctx, f.dir)
	var se *transport.StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	list, err := reconcile.DecodeList(body)
	if err != nil {
		return nil, &transport.ProtocolError{What: "request list", Msg: err.Error()}
	}
	return list, nil
}

// sessionDirectory reads info.directory from GET /session/ID.
func sessionDirectory(raw []byte) (string, error) {
	var s struct {
		ID        string `json:"id"`
		Directory string `json:"directory"`
	}
	if err := json.Unmarshal(raw, &s); err != nil || s.ID == "" {
		return "", fmt.Errorf("not a session object")
	}
	return s.Directory, nil
}
