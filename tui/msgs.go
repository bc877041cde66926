package tui

import (
	"encoding/json"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

// SessionMsg carries an OpenCode session after new events were applied.
// State must be a snapshot the sender no longer changes; NewSessionMsg
// makes one.
//
// A full message (Partial false) replaces everything the view holds. A
// partial one, as NewSessionMsg makes while a session streams, carries the
// session header (session, status, error) in full but in State.Messages only
// the messages the events touched, each with only the parts they touched;
// Removed lists message and part ids that are gone. So the cost of a message
// follows what changed, not the length of the session.
type SessionMsg struct {
	Events  []reconcile.Event // the events just applied (informational)
	State   reconcile.State
	Partial bool
	Removed []string
	LastSeq int64 // highest durable seq seen, shown as the resume position
	HasSeq  bool
	// Seen is when the user last looked at the session (zero: no mark). The
	// view draws a divider before the first message created after it.
	Seen time.Time
}

// NewSessionMsg describes what evs changed in m, which they were just
// applied to. Call it on the goroutine that owns m. The first message a view
// receives must carry the whole session: the follower's first batch does,
// since catching up replays every message as events.
func NewSessionMsg(m *reconcile.Model, evs []reconcile.Event) SessionMsg {
	seq, ok := m.LastSeq()
	msg := SessionMsg{Events: append([]reconcile.Event(nil), evs...), State: m.Header(), Partial: true,
		LastSeq: seq, HasSeq: ok}
	touched := map[string]int{} // message id -> index in State.Messages
	touch := func(id string) *reconcile.Message {
		if i, ok := touched[id]; ok {
			return &msg.State.Messages[i]
		}
		info, ok := m.MessageInfo(id)
		if !ok {
			return nil
		}
		touched[id] = len(msg.State.Messages)
		msg.State.Messages = append(msg.State.Messages, info)
		return &msg.State.Messages[len(msg.State.Messages)-1]
	}
	parts := map[string]bool{}
	for _, ev := range evs {
		ids := eventIDs(ev)
		switch ev.Type {
		case reconcile.TypeMessageRemoved:
			msg.Removed = append(msg.Removed, ids.Message)
			continue
		case reconcile.TypePartRemoved:
			msg.Removed = append(msg.Removed, ids.Part)
			continue
		}
		if ids.Message == "" {
			continue
		}
		owner := touch(ids.Message)
		if owner == nil {
			msg.Removed = append(msg.Removed, ids.Message)
			continue
		}
		if ids.Part == "" || parts[ids.Part] {
			continue
		}
		if p, ok := m.Part(ids.Part); ok {
			parts[ids.Part] = true
			owner.Parts = append(owner.Parts, p)
		} else {
			msg.Removed = append(msg.Removed, ids.Part)
		}
	}
	return msg
}

// eventRefs are the ids an event refers to, wherever its type keeps them.
type eventRefs struct{ Message, Part string }

func eventIDs(ev reconcile.Event) eventRefs {
	var w struct {
		MessageID string `json:"messageID"`
		PartID    string `json:"partID"`
		Info      struct {
			ID string `json:"id"`
		} `json:"info"`
		Part struct {
			ID        string `json:"id"`
			MessageID string `json:"messageID"`
		} `json:"part"`
	}
	switch ev.Type {
	case reconcile.TypeMessageUpdated, reconcile.TypeMessageRemoved, reconcile.TypePartUpdated,
		reconcile.TypePartRemoved, reconcile.TypePartDelta:
	default:
		return eventRefs{}
	}
	_ = json.Unmarshal(ev.Data, &w)
	return eventRefs{Message: first(w.MessageID, w.Info.ID, w.Part.MessageID), Part: first(w.PartID, w.Part.ID)}
}

func first(ss ...string) string {
	for _, s := range ss {
		if s != "" {
			return s
		}
	}
	return ""
}

// ConnMsg reports a connection-state change of the transport.
type ConnMsg struct {
	State feed.State
}

// StreamMsg carries one batch of a Durable Stream. The UI keeps its own
// copy of the data; NewStreamMsg makes it.
type StreamMsg struct {
	Batch *feed.Batch
}

// NewStreamMsg copies b so the reader may reuse its buffers: its data in
// one copy, not one per message.
func NewStreamMsg(b *feed.Batch) StreamMsg {
	if b == nil {
		return StreamMsg{}
	}
	return StreamMsg{Batch: b.Clone()}
}

// frameTickMsg paces redraws; see pane.update.
type frameTickMsg struct{}
