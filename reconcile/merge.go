package reconcile

import "encoding/json"

// Merge brings the model to the REST state in snap and returns the
// synthetic events (server event types and property shapes, Synthetic
// set) that take a viewer holding the previous state to the new one. The
// events are applied to the model already; applied to an empty model they
// rebuild what Merge produced from an empty model.
//
// Part events carry no `time` member (REST has no update time) and
// synthetic replies omit what REST cannot tell (the reply or answers).
//
// Merge is meant for (re)connects: REST has no streamed text for parts
// that have not ended, so such parts keep the text streamed so far and are
// marked Incomplete. Nothing is removed that may simply be newer than the
// snapshot (see doc.go).
func (m *Model) Merge(snap Snapshot) []Event {
	s := m.StartMerge(snap, snap.Messages != nil)
	for _, wm := range snap.Messages {
		s.Message(wm)
	}
	return s.End()
}

type merger struct {
	m   *Model
	out []Event
	// byMessage indexes part ids by message id, so that finding a
	// message's parts does not scan every part of the session. It may name
	// parts that are gone or moved: partsOf checks each against the model.
	byMessage map[string][]string
}

func synthetic(eventType, session string, props map[string]any) Event {
	return Event{Type: eventType, Session: session, Data: marshalObject(props), Synthetic: true}
}

// apply applies ev and reports whether the model changed.
func (g *merger) apply(ev Event) bool { return g.m.Apply(ev) }

// emit records the event a viewer needs; it is applied again so the model
// provably ends in the state the event describes.
func (g *merger) emit(ev Event) {
	g.m.Apply(ev)
	g.out = append(g.out, ev)
}

// snapshotNewer reports whether the snapshot's session was updated after
// the local copy: only then may items missing from it be newer deletions
// rather than items the snapshot has not seen yet.
func (m *Model) snapshotNewer(raw json.RawMessage) bool {
	info, ok := compactObject(raw)
	if !ok || m.session == nil {
		return false
	}
	head, ok := parseSessionHead(info)
	return ok && head.ID == m.id && head.Time.Updated > m.session.head.Time.Updated
}

func (g *merger) session(raw json.RawMessage) {
	info, ok := compactObject(raw)
	if !ok {
		return
	}
	ev := synthetic(TypeSessionUpdated, g.m.id, map[string]any{"sessionID": g.m.id, "info": info})
	if g.apply(ev) && g.m.session != nil {
		g.emit(synthetic(TypeSessionUpdated, g.m.id, map[string]any{"sessionID": g.m.id, "info": g.m.session.raw}))
	}
}

func (g *merger) child(raw json.RawMessage) {
	info, ok := compactObject(raw)
	if !ok {
		return
	}
	head, ok := parseSessionHead(info)
	if !ok {
		return
	}
	ev := synthetic(TypeSessionUpdated, head.ID, map[string]any{"sessionID": head.ID, "info": info})
	if g.apply(ev) && g.m.children[head.ID] != nil {
		current := g.m.children[head.ID].raw
		g.emit(synthetic(TypeSessionUpdated, head.ID, map[string]any{"sessionID": head.ID, "info": current}))
	}
}

func (g *merger) status(all map[string]json.RawMessage) {
	status, ok := compactObject(all[g.m.id])
	if !ok {
		status = json.RawMessage(`{"type":"idle"}`)
	}
	ev := synthetic(TypeSessionStatus, g.m.id, map[string]any{"sessionID": g.m.id, "status": status})
	if g.apply(ev) {
		g.out = append(g.out, ev)
	}
}

// requests makes the pending set of this session equal to the REST list.
func (g *merger) requests(list []json.RawMessage, pending map[string]json.RawMessage, asked, replied string) {
	listed := map[string]bool{}
	for _, item := range list {
		raw, ok := compactObject(item)
		if !ok {
			continue
		}
		fields := mustFields(raw)
		id, _ := stringField(fields, "id")
		session, _ := stringField(fields, "sessionID")
		if id == "" || session != g.m.id {
			continue
		}
		listed[id] = true
		ev := Event{Type: asked, Session: g.m.id, Data: raw, Synthetic: true}
		if g.apply(ev) {
			g.out = append(g.out, ev)
		}
	}
	for _, id := range sortedKeys(pending) {
		if !listed[id] {
			g.emit(synthetic(replied, g.m.id, map[string]any{"sessionID": g.m.id, "requestID": id}))
		}
	}
}
