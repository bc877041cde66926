package opencode

import (
	"context"
	"encoding/json"
	"time"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// SessionChange is a change of a session seen on the event stream: a new
// status (StatusOnly), or new info after session.created/updated.
type SessionChange struct {
	Summary    SessionSummary
	StatusOnly bool
}

// WatchSessions reads the server's event stream and reports session
// changes until ctx ends or the stream fails; it does not reconnect (a
// list that stops updating is no loss).
func WatchSessions(ctx context.Context, opts ListOptions, report func(SessionChange)) error {
	base, err := transport.ParseURL(opts.Server, "server")
	if err != nil {
		return err
	}
	api := NewOpenCodeAPI(base, transport.ClientOr(opts.HTTP), opts.Header, DefaultIdleTimeout)
	conn, err := OpenEvents(ctx, EventConfig{API: api}, true, "")
	if err != nil {
		return err
	}
	defer conn.Close()
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-conn.done:
			return err
		case ev := <-conn.events:
			conn.took(ev)
			if c, ok := sessionChange(*ev); ok {
				report(c)
			}
		}
	}
}

func sessionChange(ev reconcile.Event) (SessionChange, bool) {
	var p struct {
		Status struct {
			Type string `json:"type"`
		} `json:"status"`
		Info SessionObject `json:"info"`
	}
	if json.Unmarshal(ev.Data, &p) != nil {
		return SessionChange{}, false
	}
	status := SessionChange{Summary: SessionSummary{ID: ev.Session}, StatusOnly: true}
	switch ev.Type {
	case reconcile.TypeSessionStatus:
		status.Summary.Status = p.Status.Type
	case reconcile.TypeSessionIdle:
		status.Summary.Status = "idle"
	case reconcile.TypeSessionError:
		status.Summary.Status = "error"
	case reconcile.TypeSessionCreated, reconcile.TypeSessionUpdated:
		o := p.Info
		if o.ID == "" {
			return SessionChange{}, false
		}
		return SessionChange{Summary: SessionSummary{ID: o.ID, Title: o.Title, Directory: o.Directory, ParentID: o.ParentID,
			Created: time.UnixMilli(o.Time.Created), Updated: time.UnixMilli(o.Time.Updated), Cost: o.Cost}}, true
	default:
		return SessionChange{}, false
	}
	return status, status.Summary.Status != ""
}
