package reconcile

import (
	"bytes"
	"encoding/json"
)

type sessionRec struct {
	raw     json.RawMessage
	head    sessionHead
	ver     version
	deleted bool
}

// infoOf returns the compacted `info` object of session.* and
// message.updated properties.
func infoOf(ev Event) (json.RawMessage, bool) {
	fields, ok := objectFields(ev.Data)
	if !ok {
		return nil, false
	}
	return compactObject(fields["info"])
}

func (m *Model) applySessionInfo(ev Event) outcome {
	raw, ok := infoOf(ev)
	if !ok {
		return malformed
	}
	head, ok := parseSessionHead(raw)
	if !ok {
		return malformed
	}
	switch {
	case head.ID == m.id:
		if m.session == nil {
			m.session = &sessionRec{raw: raw, head: head, ver: versionOf(ev)}
			return changedState
		}
		return changedIf(updateSession(m.session, ev, raw, head))
	case head.ParentID == m.id && m.id != "":
		if m.removed[head.ID] {
			return unchanged
		}
		child := m.children[head.ID]
		if child == nil {
			m.children[head.ID] = &sessionRec{raw: raw, head: head, ver: versionOf(ev)}
			return changedState
		}
		return changedIf(updateSession(child, ev, raw, head))
	}
	return otherSession
}

func updateSession(rec *sessionRec, ev Event, raw json.RawMessage, head sessionHead) bool {
	if !rec.ver.admits(ev, func() bool { return newerSession(head, raw, rec.head, rec.raw) }) {
		return false
	}
	rec.ver = rec.ver.advance(ev)
	if jsonEqual(rec.raw, raw) {
		return false
	}
	rec.raw, rec.head = raw, head
	return true
}

// applySessionDeleted marks this session deleted (keeping what is known
// of it) or drops a child session for good.
func (m *Model) applySessionDeleted(ev Event) outcome {
	id := ev.Session
	raw, hasInfo := infoOf(ev)
	head, _ := parseSessionHead(raw)
	if head.ID != "" {
		id = head.ID
	}
	switch {
	case id == "":
		return malformed
	case id == m.id:
		if m.session == nil {
			m.session = &sessionRec{ver: versionOf(ev)}
			if hasInfo {
				m.session.raw, m.session.head = raw, head
			}
		}
		if m.session.deleted {
			return unchanged
		}
		m.session.deleted = true
		return changedState
	case m.children[id] != nil:
		delete(m.children, id)
		m.removed[id] = true
		return changedState
	}
	return otherSession
}

func (m *Model) applyStatus(ev Event) outcome {
	fields, ok := objectFields(ev.Data)
	if !ok {
		return malformed
	}
	status, ok := compactObject(fields["status"])
	if !ok {
		return malformed
	}
	if t, _ := stringField(mustFields(status), "type"); t == "" {
		return malformed
	}
	return m.setStatus(ev, status)
}

func mustFields(raw json.RawMessage) map[string]json.RawMessage {
	fields, _ := objectFields(raw)
	return fields
}

// setStatus keeps the newest status by event id; a snapshot status is
// taken as current. A busy or retry status starts a new attempt, so it
// clears a session error reported before it.
func (m *Model) setStatus(ev Event, status json.RawMessage) outcome {
	if m.status.ver.stale(ev) {
		return unchanged
	}
	m.status.ver = m.status.ver.advance(ev)
	changed := false
	if t, _ := stringField(mustFields(status), "type"); t != "idle" {
		changed = m.clearErrorBefore(ev)
	}
	if !bytes.Equal(m.status.raw, status) {
		m.status.raw = status
		m.statusNow = toStatus(status)
		m.statusNow.Raw = nil // Status clones the raw bytes for each caller
		changed = true
	}
	return changedIf(changed)
}

func (m *Model) clearErrorBefore(ev Event) bool {
	if m.sessionErr.raw == nil {
		return false
	}
	if ev.ID != "" && m.sessionErr.ver.id != "" && ev.ID <= m.sessionErr.ver.id {
		return false
	}
	m.sessionErr.raw = nil
	if ev.ID > m.errCleared {
		m.errCleared = ev.ID
	}
	return true
}

func (m *Model) applySessionError(ev Event) outcome {
	if ev.ID != "" && ev.ID <= m.errCleared {
		return unchanged
	}
	if m.sessionErr.ver.stale(ev) {
		return unchanged
	}
	fields, _ := objectFields(ev.Data)
	errRaw, ok := compactObject(fields["error"])
	if !ok {
		errRaw = json.RawMessage(`{}`)
	}
	m.sessionErr.ver = m.sessionErr.ver.advance(ev)
	if bytes.Equal(m.sessionErr.raw, errRaw) {
		return unchanged
	}
	m.sessionErr.raw = errRaw
	return changedState
}

// applyLatest keeps the newest copy of an ephemeral list (todos, diff).
func (m *Model) applyLatest(ev Event, dst *rawValue, member string) outcome {
	fields, ok := objectFields(ev.Data)
	if !ok {
		return malformed
	}
	value, ok := fields[member]
	if !ok {
		return malformed
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, value); err != nil {
		return malformed
	}
	if dst.ver.stale(ev) {
		return unchanged
	}
	dst.ver = dst.ver.advance(ev)
	if bytes.Equal(dst.raw, buf.Bytes()) {
		return unchanged
	}
	dst.raw = buf.Bytes()
	return changedState
}
