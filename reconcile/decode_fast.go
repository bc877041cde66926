package reconcile

import (
	"encoding/json"
	"strconv"
	"strings"
	"unsafe"
)

// The fast path reads the usual frame (an event with properties that name
// its session, bare or in the /global/event envelope) in one pass: it
// checks the JSON, finds the members the model needs and keeps the
// properties as they arrived. Anything else (sync twins, the /api/event
// shape, events without properties.sessionID, escaped or case-folded
// member names, duplicates, whitespace inside properties, invalid UTF-8 in
// a value it reads) goes to the encoding/json path in decode.go, which
// stays the reference: the fast path, where it answers, answers the same
// (FuzzFastFrameAgrees).

// Decoder decodes frames like DecodeFrame and keeps the names that repeat
// from frame to frame (types, session, part and message ids, directory) so
// that a stream of deltas does not allocate them again. Not safe for
// concurrent use; the zero value is ready.
type Decoder struct {
	names map[string]string
}

// maxNames bounds the Decoder's memory: past it the names start over.
const maxNames = 512

// maxNameLen: longer strings are not kept.
const maxNameLen = 96

// Decode is DecodeFrame of a frame held as a string, with the Decoder's
// names. The event keeps nothing of the frame: what it holds is what the
// event budget counts.
func (d *Decoder) Decode(frame string) (ev Event, known bool, err error) {
	if ev, ok := fastFrame(frame, d); ok {
		return ev, Known(ev.Type), nil
	}
	return decodeWire([]byte(frame))
}

// DecodeBytes is Decode of a frame whose bytes the caller goes on to
// reuse (a stream reader's buffer), read in place: nothing of the event,
// and nothing the Decoder keeps, refers to them. Every string and the Data
// of an event are copies, on both the one-pass reader and the
// encoding/json way.
func (d *Decoder) DecodeBytes(frame []byte) (ev Event, known bool, err error) {
	return d.Decode(unsafe.String(unsafe.SliceData(frame), len(frame)))
}

// deltaProps are a delta's members as deltaFields reads them, decoded with
// the frame, for the Data they came from.
type deltaProps struct {
	partID, messageID, field, delta string
	dataTie
}

func (ev *Event) cachedDelta() *deltaProps {
	if d := ev.delta; d != nil && d.ties(ev.Data) {
		return d
	}
	return nil
}

// dataTie ties what was read of an event's Data to that Data: an Event
// whose Data was replaced since is read again.
type dataTie struct {
	from *byte
	n    int
}

func tieTo(data []byte) dataTie { return dataTie{from: &data[0], n: len(data)} }

func (t dataTie) ties(data []byte) bool { return len(data) == t.n && &data[0] == t.from }

// wireRec is what the fast path collects of one level of a frame: the
// envelope, or its payload.
type wireRec struct {
	id, typ, dir span
	props        propsRec
	sync         syncRec
	payload      bool // the envelope had a payload object
}

// syncRec is what the fast path collects of a sync twin's syncEvent.
type syncRec struct {
	set                bool
	id, typ, aggregate span
	seq                int64
	seqSet             bool
	data               propsRec
}

// propsRec is what the model reads of the properties object.
type propsRec struct {
	set                             bool
	start, end                      int
	session                         span
	partID, messageID, field, delta span
	deltaOK                         bool // no member deltaFields' typed decode would read otherwise
	part, info                      itemSpan
}

// itemSpan is where the part of a message.part.updated or the info of a
// message.updated lies in the frame.
type itemSpan struct {
	start, end int
	set, twice bool
}

type frameReader struct {
	s jsonScan
	d *Decoder
}

// wireNames are wireEvent's members; encoding/json matches them ignoring
// case, which the fast path leaves to it.
var wireNames = []string{"id", "type", "properties", "syncEvent", "data", "durable", "location", "directory", "payload"}

var deltaNames = []string{"partID", "messageID", "field", "delta"}

// syncNames are wireSync's members.
var syncNames = []string{"id", "type", "seq", "aggregateID", "data"}

func fastFrame(data string, d *Decoder) (Event, bool) {
	f := &frameReader{s: jsonScan{data: data}, d: d}
	var outer, inner wireRec
	end, ok := f.s.object(f.s.skipWS(0), 1, func(key string, plain bool, at int) (int, bool) {
		return f.member(&outer, &inner, key, plain, at)
	})
	if !ok || f.s.skipWS(end) != len(data) {
		return Event{}, false
	}
	w := &outer
	if outer.payload {
		w = &inner
	}
	if !w.typ.set {
		return Event{}, false
	}
	typ, ok := f.name(w.typ)
	if !ok || typ == "" {
		return Event{}, false
	}
	if typ == "sync" {
		return f.syncTwin(w, &outer)
	}
	p := &w.props
	if !p.set || !p.session.set || w.sync.set {
		return Event{}, false
	}
	session, ok := f.name(p.session)
	if !ok || session == "" {
		return Event{}, false
	}
	ev := Event{Type: typ, Session: session}
	if w.id.set {
		if ev.ID, ok = f.s.text(w.id); !ok {
			return Event{}, false
		}
	}
	if outer.dir.set {
		if ev.Directory, ok = f.name(outer.dir); !ok {
			return Event{}, false
		}
	}
	ev.Data = json.RawMessage(data[p.start:p.end])
	ev.held = heldOf(typ, ev.Data, p)
	if typ == TypePartDelta && p.deltaOK && p.delta.set {
		ev.delta, ok = f.deltaProps(p, ev.Data)
		if !ok {
			return Event{}, false
		}
	}
	return ev, true
}

func (f *frameReader) deltaProps(p *propsRec, data json.RawMessage) (*deltaProps, bool) {
	d := &deltaProps{dataTie: tieTo(data)}
	var ok [4]bool
	d.partID, ok[0] = f.name(p.partID)
	d.messageID, ok[1] = f.name(p.messageID)
	d.field, ok[2] = f.name(p.field)
	d.delta, ok[3] = f.s.text(p.delta)
	return d, ok == [4]bool{true, true, true, true}
}

// member reads one member of the envelope (inner non-nil) or its payload.
// (Closures passed straight to object stay on the stack; a returned one
// would not.)
func (f *frameReader) member(rec, inner *wireRec, key string, plain bool, at int) (int, bool) {
	if !plain {
		return 0, false
	}
	switch key {
	case "id":
		return f.stringMember(&rec.id, at)
	case "type":
		return f.stringMember(&rec.typ, at)
	case "directory":
		return f.stringMember(&rec.dir, at)
	case "properties":
		return f.properties(&rec.props, at)
	case "syncEvent":
		return f.syncEvent(&rec.sync, at)
	case "payload":
		if inner == nil || rec.payload {
			return 0, false
		}
		rec.payload = true
		return f.s.object(at, 2, func(key string, plain bool, at int) (int, bool) {
			return f.member(inner, nil, key, plain, at)
		})
	}
	if foldsTo(key, wireNames) {
		return 0, false // syncEvent, data, durable, location, or a name in another case
	}
	return f.s.value(at, 2)
}

// syncTwin makes the event of a sync twin as fromWire does: the type
// without its version suffix, the seq, the aggregate as the session and
// syncEvent.data as the properties. A twin without an aggregate (its
// session is then found in the data) is left to encoding/json.
func (f *frameReader) syncTwin(w, outer *wireRec) (Event, bool) {
	s := &w.sync
	if !s.set || !s.typ.set || !s.seqSet || !s.aggregate.set || s.seq < 0 {
		return Event{}, false
	}
	full, ok := f.name(s.typ)
	if !ok || full == "" {
		return Event{}, false
	}
	ev := Event{Sync: true, Seq: s.seq}
	ev.Type, ev.Version = splitVersion(full)
	if ev.Session, ok = f.name(s.aggregate); !ok || ev.Session == "" {
		return Event{}, false
	}
	id := w.id
	if s.id.set && s.id.end > s.id.start {
		id = s.id
	}
	if id.set {
		if ev.ID, ok = f.s.text(id); !ok {
			return Event{}, false
		}
	}
	if outer.dir.set {
		if ev.Directory, ok = f.name(outer.dir); !ok {
			return Event{}, false
		}
	}
	ev.Data = json.RawMessage(`{}`)
	if s.data.set {
		ev.Data = json.RawMessage(f.s.data[s.data.start:s.data.end])
		ev.held = heldOf(ev.Type, ev.Data, &s.data)
	}
	return ev, true
}

// heldOf is the part of a message.part.updated, or the info of a
// message.updated, as a slice of data with its head, read with the frame:
// the model then reads neither again (a final part carries the whole text
// of an answer, and its sync twin carries it once more). The properties
// were compact, so the member is what compactObject would make of it.
func heldOf(typ string, data json.RawMessage, p *propsRec) *heldItem {
	item := p.part
	if typ == TypeMessageUpdated {
		item = p.info
	} else if typ != TypePartUpdated {
		return nil
	}
	if !item.set || item.twice {
		return nil
	}
	raw := data[item.start-p.start : item.end-p.start : item.end-p.start]
	if len(raw) == 0 || raw[0] != '{' {
		return nil
	}
	h := &heldItem{raw: raw, dataTie: tieTo(data)}
	if typ == TypePartUpdated {
		head, ok := parsePartHead(raw)
		if !ok {
			return nil
		}
		h.part = &head
	} else {
		head, ok := parseMessageHead(raw)
		if !ok {
			return nil
		}
		h.msg = &head
	}
	return h
}

// syncEvent reads the syncEvent object of a sync twin.
func (f *frameReader) syncEvent(s *syncRec, at int) (int, bool) {
	if s.set {
		return 0, false
	}
	s.set = true
	return f.s.object(at, 3, func(key string, plain bool, at int) (int, bool) {
		if !plain {
			return 0, false
		}
		switch key {
		case "id":
			return f.stringMember(&s.id, at)
		case "type":
			return f.stringMember(&s.typ, at)
		case "aggregateID":
			return f.stringMember(&s.aggregate, at)
		case "seq":
			return f.seqMember(s, at)
		case "data":
			return f.properties(&s.data, at)
		}
		if foldsTo(key, syncNames) {
			return 0, false
		}
		return f.s.value(at, 3)
	})
}

// seqMember reads syncEvent.seq: an integer that fits in an int64, as
// encoding/json takes it; anything else is left to encoding/json.
func (f *frameReader) seqMember(s *syncRec, at int) (int, bool) {
	if s.seqSet || at >= len(f.s.data) || (f.s.data[at] != '-' && (f.s.data[at] < '0' || f.s.data[at] > '9')) {
		return 0, false
	}
	end, ok := f.s.value(at, 3)
	if !ok {
		return 0, false
	}
	n, err := strconv.ParseInt(f.s.data[at:end], 10, 64)
	if err != nil {
		return 0, false
	}
	s.seq, s.seqSet = n, true
	return end, true
}

func (f *frameReader) stringMember(v *span, at int) (int, bool) {
	if v.set {
		return 0, false
	}
	var end int
	var ok bool
	*v, end, ok = f.s.strSpan(at)
	return end, ok
}

// properties reads the properties object, which must be compact already:
// Data keeps its bytes.
func (f *frameReader) properties(p *propsRec, at int) (int, bool) {
	if p.set {
		return 0, false
	}
	p.set, p.start, p.deltaOK = true, at, true
	ws := f.s.ws
	end, ok := f.s.object(at, 3, func(key string, plain bool, at int) (int, bool) {
		if !plain {
			return 0, false
		}
		switch key {
		case "sessionID":
			return f.stringMember(&p.session, at)
		case "partID":
			return f.deltaMember(p, &p.partID, at)
		case "messageID":
			return f.deltaMember(p, &p.messageID, at)
		case "field":
			return f.deltaMember(p, &p.field, at)
		case "delta":
			return f.deltaMember(p, &p.delta, at)
		case "part":
			return f.itemMember(&p.part, at)
		case "info":
			return f.itemMember(&p.info, at)
		}
		if strings.EqualFold(key, "sessionID") {
			return 0, false
		}
		if foldsTo(key, deltaNames) {
			p.deltaOK = false
		}
		return f.s.value(at, 3)
	})
	p.end = end
	return end, ok && f.s.ws == ws
}

// itemMember notes where a part or an info lies; a second one (encoding/json
// would take the last) is left to partOf and infoOf.
func (f *frameReader) itemMember(v *itemSpan, at int) (int, bool) {
	end, ok := f.s.value(at, 3)
	v.twice = v.set
	v.start, v.end, v.set = at, end, true
	return end, ok
}

// deltaMember reads one of a delta's members; anything but a single string
// leaves the delta to deltaFields.
func (f *frameReader) deltaMember(p *propsRec, v *span, at int) (int, bool) {
	if v.set || at >= len(f.s.data) || f.s.data[at] != '"' {
		p.deltaOK = false
		return f.s.value(at, 3)
	}
	return f.stringMember(v, at)
}

// name is a string value, the same string as last time when it repeats.
func (f *frameReader) name(v span) (string, bool) {
	if !v.set {
		return "", true
	}
	if !v.plain || f.d == nil || v.end-v.start > maxNameLen {
		return f.s.text(v)
	}
	raw := f.s.data[v.start:v.end]
	if s, ok := f.d.names[raw]; ok {
		return s, true
	}
	if f.d.names == nil || len(f.d.names) >= maxNames {
		f.d.names = make(map[string]string, 64)
	}
	s := strings.Clone(raw) // a kept name must not hold on to its frame
	f.d.names[s] = s
	return s, true
}

func foldsTo(key string, names []string) bool {
	for _, n := range names {
		if len(key) == len(n) && strings.EqualFold(key, n) {
			return true
		}
	}
	return false
}
