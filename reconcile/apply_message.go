package reconcile

import "encoding/json"

type messageRec struct {
	raw  json.RawMessage
	head messageHead
	ver  version
	// placeholder is set while only parts or deltas of the message have
	// been seen (late join): raw then holds just the ids.
	placeholder bool
}

func (m *Model) applyMessageUpdated(ev Event) outcome {
	raw, head, ok := ev.heldMessage()
	if !ok {
		if raw, ok = infoOf(ev); !ok {
			return malformed
		}
		if head, ok = parseMessageHead(raw); !ok {
			return malformed
		}
	}
	if head.SessionID != "" && head.SessionID != m.id {
		return otherSession
	}
	if m.removed[head.ID] {
		return unchanged
	}
	rec := m.messages[head.ID]
	if rec == nil {
		m.messages[head.ID] = &messageRec{raw: raw, head: head, ver: versionOf(ev)}
		return changedState
	}
	newer := func() bool {
		return newerByRank(head.rank(), len(raw), rec.head.rank(), len(rec.raw))
	}
	if !rec.ver.admits(ev, newer) {
		return unchanged
	}
	rec.ver = rec.ver.advance(ev)
	if !rec.placeholder && jsonEqual(rec.raw, raw) {
		return unchanged
	}
	rec.raw, rec.head, rec.placeholder = raw, head, false
	return changedState
}

// ensureMessage creates a placeholder for a message known only through one
// of its parts, so that parts are never dropped for lack of their message.
func (m *Model) ensureMessage(id string) {
	if m.messages[id] != nil {
		return
	}
	raw := marshalObject(map[string]any{"id": id, "sessionID": m.id})
	head, _ := parseMessageHead(raw)
	m.messages[id] = &messageRec{raw: raw, head: head, placeholder: true}
}

func (m *Model) applyMessageRemoved(ev Event) outcome {
	id, ok := dataID(ev.Data, "messageID")
	if !ok {
		return malformed
	}
	changed := m.messages[id] != nil
	delete(m.messages, id)
	m.removed[id] = true
	for partID, p := range m.parts {
		if p.head.MessageID == id {
			delete(m.parts, partID)
			m.removed[partID] = true
			changed = true
		}
	}
	return changedIf(changed)
}
