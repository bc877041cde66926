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

// Directory reads the session once: it proves the session exists (a clear
// error before anything else) and gives the directory that every
// instance-scoped call needs.
func (a *OpenCodeAPI) Directory(ctx context.Context, id string) (string, error) {
	raw, err := a.Session(ctx, id)
	if err != nil {
		return "", err
	}
	dir, err := sessionDirectory(raw)
	if err != nil {
		return "", &transport.ProtocolError{What: "session " + id, Msg: err.Error()}
	}
	return dir, nil
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

// Snapshot reads the REST state of session id, whose directory is dir:
// the session, the status, the message list and pending requests.
func (a *OpenCodeAPI) Snapshot(ctx context.Context, id, dir string) (reconcile.Snapshot, error) {
	var snap reconcile.Snapshot
	raw, err := a.Session(ctx, id)
	if err != nil {
		return snap, err
	}
	snap.Session = raw
	// Status first: a turn that ends between the two reads then shows as busy
	// with a finished message, never as idle with an unfinished one (which
	// would read as interrupted).
	body, err := a.Status(ctx, dir)
	if snap.Status, err = decoded(body, err, "session status", reconcile.DecodeStatusMap); err != nil {
		return snap, err
	}
	body, err = a.Messages(ctx, id)
	if snap.Messages, err = decoded(body, err, "messages", reconcile.DecodeMessages); err != nil {
		return snap, err
	}
	if snap.Permissions, err = a.optionalList(ctx, a.Permissions, dir); err != nil {
		return snap, err
	}
	if snap.Questions, err = a.optionalList(ctx, a.Questions, dir); err != nil {
		return snap, err
	}
	return snap, nil
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
