package reconcile

import "encoding/json"

type partRec struct {
	raw  json.RawMessage // latest full copy from the server
	head partHead
	// streamed holds the current value of every field extended by deltas
	// since raw arrived (or carried over because raw was shorter).
	streamed   map[string][]byte
	incomplete bool
	ver        version
}

// field returns the current string value of a part member; ok is false
// when the member exists but is not a string (deltas cannot extend it).
func (p *partRec) field(name string) (value []byte, ok bool) {
	if v, found := p.streamed[name]; found {
		return v, true
	}
	fields, isObject := objectFields(p.raw)
	if !isObject {
		return nil, true
	}
	if _, present := fields[name]; !present {
		return nil, true
	}
	s, isString := stringField(fields, name)
	if !isString {
		return nil, false
	}
	return []byte(s), true
}

func (p *partRec) text() string {
	v, _ := p.field("text")
	return string(v)
}

// json returns the part as the server would send it now.
func (p *partRec) json() json.RawMessage { return withStrings(p.raw, p.streamed) }

// size is what the content rule compares within one rank: the text length
// for streamed parts, the copy's length otherwise.
func (p *partRec) size() int {
	if p.head.streams() || p.head.Type == "text" || p.head.Type == "reasoning" {
		return len(p.text())
	}
	return len(p.raw)
}

func headSize(h partHead, raw json.RawMessage) int {
	if h.streams() || h.Type == "text" || h.Type == "reasoning" {
		return h.TextLen
	}
	return len(raw)
}

func (m *Model) applyPartUpdated(ev Event) outcome {
	raw, head, ok := ev.heldPart()
	if !ok {
		if raw, head, ok = partOf(ev); !ok {
			return malformed
		}
	}
	if head.SessionID != "" && head.SessionID != m.id {
		return otherSession
	}
	if m.removed[head.ID] || m.removed[head.MessageID] {
		return unchanged
	}
	p := m.parts[head.ID]
	if p == nil {
		m.ensureMessage(head.MessageID)
		m.parts[head.ID] = &partRec{raw: raw, head: head, ver: versionOf(ev),
			incomplete: ev.Synthetic && head.streams()}
		return changedState
	}
	wasIncomplete := p.incomplete
	newer := func() bool { return newerByRank(head.rank(), headSize(head, raw), p.head.rank(), p.size()) }
	if !p.ver.admits(ev, newer) {
		// A snapshot copy of a part still streaming means deltas may have
		// been missed while disconnected: what we hold may have holes.
		if ev.Synthetic && p.head.streams() && !p.incomplete {
			p.incomplete = true
			return changedState
		}
		return unchanged
	}
	next := partRec{raw: raw, head: head, ver: p.ver.advance(ev)}
	if head.streams() {
		next.streamed = carriedFields(p, raw)
		next.incomplete = p.incomplete || ev.Synthetic
	}
	// A part that ends (or reopens) has changed: no need to encode both
	// copies of a long text to find out.
	if next.incomplete == wasIncomplete && p.head.ended() == head.ended() && jsonEqual(p.json(), next.json()) {
		// Same content, maybe in another key order: keep the stored bytes.
		p.ver = next.ver
		return unchanged
	}
	*p = next
	return changedState
}

// partOf reads the part a message.part.updated event carries.
func partOf(ev Event) (json.RawMessage, partHead, bool) {
	fields, ok := objectFields(ev.Data)
	if !ok {
		return nil, partHead{}, false
	}
	raw, ok := compactObject(fields["part"])
	if !ok {
		return nil, partHead{}, false
	}
	head, ok := parsePartHead(raw)
	return raw, head, ok
}

// carriedFields keeps streamed text that is longer than the same member of
// an unfinished copy: the server stores streamed text only when a part
// ends, so such a copy is behind what the deltas built.
func carriedFields(old *partRec, newRaw json.RawMessage) map[string][]byte {
	newFields, _ := objectFields(newRaw)
	names := map[string]bool{"text": true}
	for name := range old.streamed {
		names[name] = true
	}
	var carried map[string][]byte
	for name := range names {
		cur, ok := old.field(name)
		if !ok {
			continue
		}
		incoming, _ := stringField(newFields, name)
		if len(cur) > len(incoming) {
			if carried == nil {
				carried = map[string][]byte{}
			}
			carried[name] = cur
		}
	}
	return carried
}

// applyDelta appends a streamed piece to a part field. A delta is applied
// at most once: it must carry an event id newer than every event already
// applied to the part, and the part must not have ended (its final copy
// replaces whatever the deltas built).
func (m *Model) applyDelta(ev Event) outcome {
	partID, messageID, field, delta, isString, ok := "", "", "", "", true, true
	if d := ev.cachedDelta(); d != nil {
		partID, messageID, field, delta = d.partID, d.messageID, d.field, d.delta
	} else {
		partID, messageID, field, delta, isString, ok = deltaFields(ev.Data)
	}
	if !ok {
		return malformed
	}
	if partID == "" || messageID == "" || field == "" || !isString || ev.ID == "" || identityField[field] {
		return malformed
	}
	if m.removed[partID] || m.removed[messageID] {
		return unchanged
	}
	p := m.parts[partID]
	if p != nil && (p.head.ended() || p.ver.stale(ev)) {
		return unchanged
	}
	var cur []byte
	if p != nil {
		if cur, ok = p.field(field); !ok {
			return malformed
		}
		if delta == "" {
			p.ver.id = ev.ID
			return unchanged
		}
	} else {
		p = m.placeholderPart(partID, messageID)
	}
	if p.streamed == nil {
		p.streamed = map[string][]byte{}
	}
	p.streamed[field] = append(cur, delta...)
	p.ver.id = ev.ID
	return changedState
}

// deltaFields reads a delta's properties: one typed decode for the usual
// shape (one per streamed token, so it matters), member by member when a
// member is not a string.
func deltaFields(data json.RawMessage) (partID, messageID, field, delta string, isString, ok bool) {
	var d struct {
		PartID    string  `json:"partID"`
		MessageID string  `json:"messageID"`
		Field     string  `json:"field"`
		Delta     *string `json:"delta"`
	}
	if json.Unmarshal(data, &d) == nil && d.Delta != nil {
		return d.PartID, d.MessageID, d.Field, *d.Delta, true, true
	}
	fields, ok := objectFields(data)
	if !ok {
		return "", "", "", "", false, false
	}
	partID, _ = stringField(fields, "partID")
	messageID, _ = stringField(fields, "messageID")
	field, _ = stringField(fields, "field")
	delta, isString = stringField(fields, "delta")
	return partID, messageID, field, delta, isString, true
}

// placeholderPart holds deltas of a part whose creation was not seen
// (joined mid-stream): its type is unknown and its beginning is missing.
func (m *Model) placeholderPart(partID, messageID string) *partRec {
	m.ensureMessage(messageID)
	raw := marshalObject(map[string]any{"id": partID, "messageID": messageID, "sessionID": m.id})
	head, _ := parsePartHead(raw)
	p := &partRec{raw: raw, head: head, incomplete: true}
	m.parts[partID] = p
	return p
}

// identityField lists members a delta must never touch.
var identityField = map[string]bool{"id": true, "messageID": true, "sessionID": true, "type": true}

func (m *Model) applyPartRemoved(ev Event) outcome {
	partID, ok := dataID(ev.Data, "partID")
	if !ok {
		return malformed
	}
	changed := m.parts[partID] != nil
	delete(m.parts, partID)
	m.removed[partID] = true
	return changedIf(changed)
}
