package opencode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"math"
	"net/http"
	"sync"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// Directory reads the session once: it proves the session exists (a clear
// error before anything else) and gives the directory that every
// instance-scoped call needs.
func (a *OpenCodeAPI) Directory(ctx context.Context, id string) (string, error) {
	dir, _, err := a.SessionDirectory(ctx, id)
	return dir, err
}

// SessionDirectory is Directory that also returns the session as read.
func (a *OpenCodeAPI) SessionDirectory(ctx context.Context, id string) (string, json.RawMessage, error) {
	raw, err := a.Session(ctx, id)
	if err != nil {
		return "", nil, err
	}
	dir, err := sessionDirectory(raw)
	if err != nil {
		return "", nil, &transport.ProtocolError{What: "session " + id, Msg: err.Error()}
	}
	return dir, raw, nil
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

// WithMessages completes a head read by SnapshotHead with the message
// list: together the REST state of a session (the session, the status,
// the message list and pending requests).
func (a *OpenCodeAPI) WithMessages(ctx context.Context, id string, snap reconcile.Snapshot) (reconcile.Snapshot, error) {
	// Decoded as it arrives, so the answer's text is not held beside the
	// messages; the whole list keeps the budget of one REST answer.
	list, size := []reconcile.WireMessage{}, 0
	err := a.EachMessage(ctx, id, func(wm reconcile.WireMessage) error {
		size += len(wm.Info)
		for _, p := range wm.Parts {
			size += len(p)
		}
		if size > maxRESTBody {
			return &transport.ProtocolError{What: "messages of " + id, Msg: "answer too large"}
		}
		list = append(list, wm)
		return nil
	})
	if err != nil {
		return snap, err
	}
	snap.Messages = list
	return snap, nil
}

// SnapshotHead reads a session's state but its message list, all at once
// (info, when not nil, is the session as just read, and is not asked for
// again). The message list is to be read after it returns (WithMessages,
// or EachMessage message by message): with the status read first, a turn that
// ends between the two reads shows as busy with a finished message, never
// as idle with an unfinished one (which would read as interrupted).
func (a *OpenCodeAPI) SnapshotHead(ctx context.Context, id, dir string, info json.RawMessage) (reconcile.Snapshot, error) {
	snap := reconcile.Snapshot{Session: info}
	var wg sync.WaitGroup
	var errs [4]error // in the order the reads were once made, to say the first
	if info == nil {
		wg.Go(func() { snap.Session, errs[0] = a.Session(ctx, id) })
	}
	wg.Go(func() {
		body, err := a.Status(ctx, dir)
		snap.Status, errs[1] = decoded(body, err, "session status", reconcile.DecodeStatusMap)
	})
	wg.Go(func() { snap.Permissions, errs[2] = a.optionalList(ctx, a.Permissions, dir) })
	wg.Go(func() { snap.Questions, errs[3] = a.optionalList(ctx, a.Questions, dir) })
	wg.Wait()
	return snap, firstError(errs[:])
}

func firstError(errs []error) error {
	for _, err := range errs {
		if err != nil {
			return err
		}
	}
	return nil
}

// decoded decodes an answer read with err; an answer that does not decode
// is a protocol error of what.
func decoded[T any](body []byte, err error, what string, decode func([]byte) (T, error)) (T, error) {
	var v T
	if err != nil {
		return v, err
	}
	if v, err = decode(body); err != nil {
		return v, &transport.ProtocolError{What: what, Msg: err.Error()}
	}
	return v, nil
}

// optionalList reads a list endpoint that older servers may lack.
func (a *OpenCodeAPI) optionalList(ctx context.Context, get func(context.Context, string) ([]byte, error), dir string) ([]json.RawMessage, error) {
	body, err := get(ctx, dir)
	var se *transport.StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return nil, nil
	}
	return decoded(body, err, "request list", reconcile.DecodeList)
}

// HistoryAfter reads the durable events of session id after seq (POST
// /sync/history), decoded; ErrNoHistory when the server has none. The
// server sends the whole history of every session not listed, so every
// session it names is listed too, with a seq beyond any real one. Events
// of other sessions may still come back.
func (a *OpenCodeAPI) HistoryAfter(ctx context.Context, id string, seq int64, dir string) ([]reconcile.Event, error) {
	last := map[string]int64{}
	for _, other := range a.SessionIDs(ctx, dir) {
		last[other] = math.MaxInt32
	}
	last[id] = seq
	body, err := a.History(ctx, last, dir)
	return decoded(body, err, "sync history", reconcile.DecodeHistory)
}
