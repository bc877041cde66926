package client

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"net/http"

	"github.com/dstail/dstail/reconcile"
)

// catchUp brings the model to the server's state and hands on the events
// that did it, marked synthetic. Durable changes come from /sync/history
// after the last seq where possible (exact and small); REST fills in what
// history lacks: status, pending requests, and, unless resuming, the message
// list that marks parts still streaming as incomplete.
func (f *sessionFollower) catchUp(ctx context.Context, silent bool) error {
	var out []reconcile.Event
	usedHistory := false
	if last, ok := f.lastSeq(); ok {
		evs, err := f.history(ctx, last)
		switch {
		case err == nil:
			out, usedHistory = evs, true
		case !errors.Is(err, ErrNoHistory):
			return err
		}
	}
	snap, err := f.snapshot(ctx, !(f.resumed && usedHistory))
	if err != nil {
		return err
	}
	out = append(out, f.model.Merge(snap)...)
	if silent {
		out = nil
	}
	return f.hand(out)
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

// history applies the session's durable events after seq.
func (f *sessionFollower) history(ctx context.Context, seq int64) ([]reconcile.Event, error) {
	body, err := f.api.History(ctx, map[string]int64{f.opts.Session: seq}, f.dir)
	if err != nil {
		return nil, err
	}
	evs, err := reconcile.DecodeHistory(body)
	if err != nil {
		return nil, &ProtocolError{What: "sync history", Msg: err.Error()}
	}
	var out []reconcile.Event
	for _, ev := range evs {
		if ev.Session != f.opts.Session {
			continue
		}
		if f.model.Apply(ev) {
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
	if withMessages {
		body, err := f.api.Messages(ctx, f.opts.Session)
		if err != nil {
			return snap, err
		}
		if snap.Messages, err = reconcile.DecodeMessages(body); err != nil {
			return snap, &ProtocolError{What: "messages", Msg: err.Error()}
		}
	}
	body, err := f.api.Status(ctx, f.dir)
	if err != nil {
		return snap, err
	}
	if snap.Status, err = reconcile.DecodeStatusMap(body); err != nil {
		return snap, &ProtocolError{What: "session status", Msg: err.Error()}
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
	var se *StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	list, err := reconcile.DecodeList(body)
	if err != nil {
		return nil, &ProtocolError{What: "request list", Msg: err.Error()}
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
