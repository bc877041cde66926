package reconcile

import (
	"bytes"
	"encoding/json"
	"slices"
	"sort"
)

func (g *merger) message(wm WireMessage, snapNewer bool) (string, bool) {
	info, ok := compactListed(wm.Info, wm.compact)
	if !ok {
		return "", false
	}
	head, ok := wm.infoHead, wm.infoHead.ID != ""
	if !ok {
		head, ok = parseMessageHead(info)
	}
	if !ok || (head.SessionID != "" && head.SessionID != g.m.id) {
		return "", false
	}
	ev := wm.infoData(g.m.id).eventOr(TypeMessageUpdated, g.m.id, "info", info)
	ev.held.msg = &head
	sent := ev.held.raw // info as Data holds it: HTML-escaped
	applied := g.apply(ev)
	ev.held = nil
	if applied && g.m.messages[head.ID] != nil {
		g.emitHeld(ev, sent, "info", g.m.messages[head.ID].raw)
	}
	listed := map[string]bool{}
	newest := ""
	for i, rawPart := range wm.Parts {
		var read *partHead
		if i < len(wm.partHeads) {
			read = &wm.partHeads[i]
		}
		id, ok := g.part(rawPart, wm.compact, read, wm.partData(g.m.id, i))
		if !ok {
			continue
		}
		listed[id] = true
		if id > newest {
			newest = id
		}
	}
	for _, partID := range g.partsOf(head.ID) {
		if listed[partID] || (partID > newest && !snapNewer) {
			continue
		}
		g.emit(synthetic(TypePartRemoved, g.m.id, map[string]any{"sessionID": g.m.id, "messageID": head.ID, "partID": partID}))
	}
	return head.ID, true
}

// part merges one listed part; read is its head and made the Data of its
// event, when the list's reader took or made them on its way (nil or
// zero when not).
func (g *merger) part(rawPart json.RawMessage, compact bool, read *partHead, made wrappedData) (string, bool) {
	raw, ok := compactListed(rawPart, compact)
	if !ok {
		return "", false
	}
	// The event points at the head the reader took, which the model copies:
	// not a copy of its own for every part.
	head := read
	if head == nil || head.ID == "" || head.MessageID == "" {
		parsed, ok := parsePartHead(raw)
		if !ok {
			return "", false
		}
		head = &parsed
	}
	if head.SessionID != "" && head.SessionID != g.m.id {
		return "", false
	}
	ev := made.eventOr(TypePartUpdated, g.m.id, "part", raw)
	ev.held.part = head
	sent := ev.held.raw // raw as Data holds it: HTML-escaped
	changed := g.apply(ev)
	ev.held = nil
	g.indexPart(head.ID)
	if changed && g.m.parts[head.ID] != nil {
		g.emitHeld(ev, sent, "part", g.m.parts[head.ID].json())
	}
	return head.ID, true
}

// emitHeld emits the object the model holds after applying ev, which
// carried sent: ev itself when the model took sent as it was (the common
// case; applying it again would change nothing), else an event of what it
// holds.
func (g *merger) emitHeld(ev Event, sent json.RawMessage, key string, held json.RawMessage) {
	if bytes.Equal(sent, held) {
		g.out = append(g.out, ev)
		return
	}
	g.emit(wrapped(ev.Type, g.m.id, key, held))
}

// wrapped is synthetic(eventType, session, {"sessionID": session, key:
// raw}) for a key that sorts before "sessionID" and raw compact JSON, with
// the same bytes but without json.Marshal's reflection and second pass.
func wrapped(eventType, session, key string, raw json.RawMessage) Event {
	return wrapData(session, key, raw).event(eventType, session)
}

// wrappedData is the Data of an event made by wrapped, and where the
// member lies in it.
type wrappedData struct {
	data       []byte
	start, end int
}

func wrapData(session, key string, raw []byte) wrappedData {
	data := make([]byte, 0, len(raw)+len(key)+len(session)+24)
	data = append(data, `{"`...)
	data = append(data, key...)
	data = append(data, `":`...)
	start := len(data)
	data = appendMarshaled(data, raw)
	end := len(data)
	data = append(data, `,"sessionID":`...)
	if plainID(session) {
		data = append(data, '"')
		data = append(data, session...)
		data = append(data, '"')
	} else {
		id, _ := json.Marshal(session)
		data = append(data, id...)
	}
	data = append(data, '}')
	return wrappedData{data: data, start: start, end: end}
}

// member is the member as the model would take it out of Data again:
// escaped as wrapData escapes it, and compact because raw was.
func (w wrappedData) member() json.RawMessage { return w.data[w.start:w.end:w.end] }

// eventOr is the event of w, or wrapped(eventType, session, key, raw)
// when w was not made.
func (w wrappedData) eventOr(eventType, session, key string, raw json.RawMessage) Event {
	if w.data == nil {
		return wrapped(eventType, session, key, raw)
	}
	return w.event(eventType, session)
}

func (w wrappedData) event(eventType, session string) Event {
	held := &heldItem{raw: w.member(), dataTie: tieTo(w.data)}
	return Event{Type: eventType, Session: session, Data: w.data, Synthetic: true, held: held}
}

// appendMarshaled appends raw as json.Marshal writes a RawMessage, with <,
// >, &, U+2028 and U+2029 escaped (as json.HTMLEscape does). Vector
// searches find the next one to escape, which most items do not hold,
// far faster than a byte loop.
func appendMarshaled(dst, raw []byte) []byte {
	const hex = "0123456789abcdef"
	for {
		i := nextMarked(raw)
		if i < 0 {
			return append(dst, raw...)
		}
		dst = append(dst, raw[:i]...)
		c := raw[i]
		switch {
		case c != 0xe2:
			dst = append(dst, '\\', 'u', '0', '0', hex[c>>4], hex[c&0xf])
			raw = raw[i+1:]
		case i+2 < len(raw) && raw[i+1] == 0x80 && raw[i+2]&^1 == 0xa8: // U+2028, U+2029
			dst = append(dst, '\\', 'u', '2', '0', '2', hex[raw[i+2]&0xf])
			raw = raw[i+3:]
		default:
			dst = append(dst, c)
			raw = raw[i+1:]
		}
	}
}

// nextMarked is the index of the first byte of raw that appendMarshaled
// may escape (<, >, &, or the lead byte of U+2028 and U+2029), or -1.
func nextMarked(raw []byte) int {
	first := len(raw)
	for _, c := range []byte("<>&\xe2") {
		if i := bytes.IndexByte(raw[:first], c); i >= 0 {
			first = i
		}
	}
	if first == len(raw) {
		return -1
	}
	return first
}

// plainID reports an id json.Marshal writes as it is, between quotes.
func plainID(id string) bool {
	for i := range len(id) {
		c := id[i]
		if !(c >= 'a' && c <= 'z' || c >= 'A' && c <= 'Z' || c >= '0' && c <= '9' || c == '_' || c == '-') {
			return false
		}
	}
	return true
}

// heldItem is the member an event made by wrapped carries, and its head
// once the caller has read it.
type heldItem struct {
	raw  json.RawMessage
	part *partHead
	msg  *messageHead
	dataTie
}

// heldPart returns the part the event carries and its head, when the
// merger read them.
func (ev *Event) heldPart() (json.RawMessage, partHead, bool) {
	if h := ev.heldItem(); h != nil && h.part != nil {
		// The model keeps a slice of the event's Data, which nothing writes
		// to once made.
		return h.raw, *h.part, true
	}
	return nil, partHead{}, false
}

// heldMessage is heldPart for a message's info.
func (ev *Event) heldMessage() (json.RawMessage, messageHead, bool) {
	if h := ev.heldItem(); h != nil && h.msg != nil {
		return h.raw, *h.msg, true
	}
	return nil, messageHead{}, false
}

func (ev *Event) heldItem() *heldItem {
	if h := ev.held; h != nil && h.ties(ev.Data) {
		return h
	}
	return nil
}

// partsOf lists the ids of the model's parts of a message, sorted.
func (g *merger) partsOf(messageID string) []string {
	if g.byMessage == nil {
		g.byMessage = map[string][]string{}
		for id := range g.m.parts {
			g.indexPart(id)
		}
	}
	var ids []string
	for _, id := range g.byMessage[messageID] {
		if p := g.m.parts[id]; p != nil && p.head.MessageID == messageID && !slices.Contains(ids, id) {
			ids = append(ids, id)
		}
	}
	sort.Strings(ids)
	return ids
}

// indexPart notes part id under the message the model holds it in.
func (g *merger) indexPart(id string) {
	if p := g.m.parts[id]; p != nil && g.byMessage != nil {
		g.byMessage[p.head.MessageID] = append(g.byMessage[p.head.MessageID], id)
	}
}

func sortedKeys[V any](items map[string]V) []string {
	keys := make([]string, 0, len(items))
	for k := range items {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	return keys
}

// compactListed is compactObject for an item of a REST list, which the
// merger parses (and so validates) right after: text already without
// insignificant whitespace, as servers send it, is taken as it is instead
// of being checked and copied once more. compact says the list's reader
// found none already.
func compactListed(raw []byte, compact bool) (json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	if compact || !hasLayout(raw) {
		return json.RawMessage(raw), true
	}
	return compactObject(raw)
}

// hasLayout reports whitespace outside strings in JSON text.
func hasLayout(raw []byte) bool {
	inString, escaped := false, false
	for _, c := range raw {
		switch {
		case escaped:
			escaped = false
		case inString && c == '\\':
			escaped = true
		case c == '"':
			inString = !inString
		case !inString && (c == ' ' || c == '\t' || c == '\n' || c == '\r'):
			return true
		}
	}
	return false
}
