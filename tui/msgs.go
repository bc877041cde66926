package tui

import (
	"github.com/dstail/dstail/client"
	"github.com/dstail/dstail/reconcile"
)

// SessionMsg carries an OpenCode session after new events were applied.
// State must be a snapshot the sender no longer changes; NewSessionMsg
// makes one.
type SessionMsg struct {
	Events  []reconcile.Event // the events just applied (informational)
	State   reconcile.State
	LastSeq int64 // highest durable seq seen, shown as the resume position
	HasSeq  bool
}

// NewSessionMsg snapshots m after evs were applied to it. Call it on the
// goroutine that owns m.
func NewSessionMsg(m *reconcile.Model, evs []reconcile.Event) SessionMsg {
	seq, ok := m.LastSeq()
	return SessionMsg{Events: append([]reconcile.Event(nil), evs...), State: m.State(), LastSeq: seq, HasSeq: ok}
}

// ConnMsg reports a connection-state change of the transport.
type ConnMsg struct {
	State client.State
}

// StreamMsg carries one batch of a Durable Stream. The UI keeps its own
// copy of the data; NewStreamMsg makes it.
type StreamMsg struct {
	Batch *client.Batch
}

// NewStreamMsg copies b so the reader may reuse its buffers.
func NewStreamMsg(b *client.Batch) StreamMsg {
	if b == nil {
		return StreamMsg{}
	}
	c := *b
	c.Messages = make([]client.Message, len(b.Messages))
	for i, m := range b.Messages {
		c.Messages[i] = client.Message{Data: append([]byte(nil), m.Data...), After: m.After}
	}
	return StreamMsg{Batch: &c}
}

// frameTickMsg paces redraws; see Model.Update.
type frameTickMsg struct{}
