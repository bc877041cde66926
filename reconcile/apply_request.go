package reconcile

import (
	"bytes"
	"encoding/json"
)

// applyRequest tracks pending permission and question requests. Answered
// ids are remembered, so a late duplicate of the ask cannot revive them.
func (m *Model) applyRequest(ev Event) outcome {
	switch ev.Type {
	case TypePermissionAsked:
		return m.ask(ev, m.permissions)
	case TypeQuestionAsked:
		return m.ask(ev, m.questions)
	case TypePermissionReplied:
		return m.resolve(ev, m.permissions)
	case TypeQuestionReplied, TypeQuestionRejected:
		return m.resolve(ev, m.questions)
	}
	return ignoredType
}

func (m *Model) ask(ev Event, pending map[string]json.RawMessage) outcome {
	raw, ok := compactObject(ev.Data)
	if !ok {
		return malformed
	}
	id, _ := stringField(mustFields(raw), "id")
	if id == "" {
		return malformed
	}
	if m.resolved[id] {
		return unchanged
	}
	if bytes.Equal(pending[id], raw) {
		return unchanged
	}
	pending[id] = raw
	return changedState
}

func (m *Model) resolve(ev Event, pending map[string]json.RawMessage) outcome {
	id, ok := dataID(ev.Data, "requestID")
	if !ok {
		return malformed
	}
	m.resolved[id] = true
	if pending[id] == nil {
		return unchanged
	}
	delete(pending, id)
	return changedState
}
