package reconcile

import (
	"encoding/json"
	"sort"
)

// State returns a copy of everything the model holds.
func (m *Model) State() State {
	st := m.Header()
	st.Messages = m.Messages()
	return st
}

// Header returns the State without Messages. Together with Part and
// MessageInfo it lets a caller follow a long session by the events that
// changed it, without copying every message after each event.
func (m *Model) Header() State {
	st := State{
		Status:      m.Status(),
		Error:       toError(m.sessionErr.raw),
		Permissions: requests(m.permissions),
		Questions:   requests(m.questions),
		Todos:       clone(m.todos.raw),
		Diff:        clone(m.diff.raw),
	}
	if m.session != nil {
		info := toSession(m.session)
		if info.ID == "" {
			info.ID = m.id
		}
		st.Session = &info
	}
	for _, child := range m.children {
		st.Children = append(st.Children, toSession(child))
	}
	sort.Slice(st.Children, func(i, j int) bool {
		a, b := st.Children[i], st.Children[j]
		if a.Created != b.Created {
			return a.Created < b.Created
		}
		return a.ID < b.ID
	})
	return st
}

// MessageInfo returns one message as Messages shows it, but without its
// parts and without the Interrupted mark, which depends on later messages.
func (m *Model) MessageInfo(id string) (Message, bool) {
	rec, ok := m.messages[id]
	if !ok {
		return Message{}, false
	}
	return toMessage(rec), true
}

// Part returns one part as Messages shows it.
func (m *Model) Part(id string) (Part, bool) {
	p, ok := m.parts[id]
	if !ok {
		return Part{}, false
	}
	return toPart(p), true
}

// LastMessage returns the message with the highest id, without its parts,
// marked Interrupted as Messages would mark it. It costs no copy of the
// session, so it can run after every event.
func (m *Model) LastMessage() (Message, bool) {
	var (
		last   *messageRec
		lastID string
	)
	for id, rec := range m.messages {
		if last == nil || id > lastID {
			last, lastID = rec, id
		}
	}
	if last == nil {
		return Message{}, false
	}
	msgs := []Message{toMessage(last)}
	markInterrupted(msgs, m.statusNow.Type == "idle" && m.sessionErr.raw == nil)
	return msgs[0], true
}

// Status returns the current session status.
func (m *Model) Status() Status {
	st := m.statusNow
	st.Raw = clone(m.status.raw)
	return st
}

// Messages returns the messages ordered by id, each with its parts ordered
// by id, and marks interrupted assistant messages.
func (m *Model) Messages() []Message {
	byMessage := map[string][]*partRec{}
	for _, p := range m.parts {
		byMessage[p.head.MessageID] = append(byMessage[p.head.MessageID], p)
	}
	out := make([]Message, 0, len(m.messages))
	for _, rec := range m.messages {
		msg := toMessage(rec)
		parts := byMessage[rec.head.ID]
		sort.Slice(parts, func(i, j int) bool { return parts[i].head.ID < parts[j].head.ID })
		for _, p := range parts {
			msg.Parts = append(msg.Parts, toPart(p))
		}
		out = append(out, msg)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	// After a failure or abort the server reports the error and idle before
	// the message's final copy; only an idle without error means a crash.
	crashed := m.statusNow.Type == "idle" && m.sessionErr.raw == nil
	markInterrupted(out, crashed)
	return out
}

// markInterrupted flags assistant messages that can no longer finish: the
// session went idle without an error, or a later assistant message exists
// (a new step only starts after the previous one ended). The server leaves
// such a message without time.completed forever after a crash.
func markInterrupted(msgs []Message, idle bool) {
	laterAssistant := false
	for i := len(msgs) - 1; i >= 0; i-- {
		msg := &msgs[i]
		if msg.Role != "assistant" {
			continue
		}
		if msg.Completed == 0 && msg.Error == nil && (idle || laterAssistant) {
			msg.Interrupted = true
		}
		laterAssistant = true
	}
}

func requests(pending map[string]json.RawMessage) []Request {
	out := make([]Request, 0, len(pending))
	for id, raw := range pending {
		session, _ := stringField(mustFields(raw), "sessionID")
		out = append(out, Request{ID: id, SessionID: session, Raw: clone(raw)})
	}
	sort.Slice(out, func(i, j int) bool { return out[i].ID < out[j].ID })
	return out
}
