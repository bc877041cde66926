package reconcile

import (
	"encoding/json"
	"unsafe"
)

// Heads are read from every part and message of a session as it opens, so
// they take the one-pass reader of scan.go rather than encoding/json's
// validating pass plus reflection. The fast readers refuse anything they
// cannot judge exactly as encoding/json would (escaped or non-ASCII keys, a
// wanted name in another case, a repeated member, a member of another type
// than the head's field, text that is not valid UTF-8), and the caller then
// asks encoding/json: a refusal costs time, never a different head.

var (
	partNames    = []string{"id", "sessionID", "messageID", "type", "text", "time", "state"}
	messageNames = []string{"id", "sessionID", "role", "time", "finish", "error", "summary"}
)

// present stands for a member whose value is there and not null: heads
// keep time members and errors only to ask isPresent, so none of the
// input's bytes are kept.
var present = json.RawMessage("true")

// headReader reads one object of wanted members.
type headReader struct {
	s    jsonScan
	seen uint32 // wanted members read: bit 8*(depth-1) + index in names
}

// newHeadReader reads raw in place, without a copy: raw does not change
// while a head is read, and the strings a head keeps are copies (text).
func newHeadReader(raw []byte) *headReader {
	return &headReader{s: jsonScan{data: unsafe.String(unsafe.SliceData(raw), len(raw))}}
}

// object reads the whole input as one object; each wanted member (exact,
// plain key) goes to take, anything else that folds to a wanted name
// refuses, and the rest is checked and skipped.
func (h *headReader) object(at, depth int, names []string, take func(key string, at int) (int, bool)) (int, bool) {
	return h.s.object(at, depth, func(key string, plain bool, at int) (int, bool) {
		if !plain {
			return 0, false
		}
		for i, n := range names {
			if key == n {
				bit := uint32(1) << (8*(depth-1) + i)
				if h.seen&bit != 0 {
					return 0, false
				}
				h.seen |= bit
				return take(key, at)
			}
		}
		if foldsTo(key, names) {
			return 0, false
		}
		return h.s.value(at, depth)
	})
}

// whole reads the input as one object with read and checks nothing
// follows it.
func (h *headReader) whole(read func(at int) (int, bool)) bool {
	end, ok := read(h.s.skipWS(0))
	return ok && h.s.skipWS(end) == len(h.s.data)
}

// str reads a string member into *dst; null or another type refuses.
func (h *headReader) str(dst *string, at int) (int, bool) {
	v, end, ok := h.s.strSpan(at)
	if !ok {
		return 0, false
	}
	if *dst, ok = h.s.text(v); !ok {
		return 0, false
	}
	return end, true
}

// strLen reads the length of a string into *dst, without the string.
func (h *headReader) strLen(dst *int, at int) (int, bool) {
	v, end, ok := h.s.strSpan(at)
	if !ok {
		return 0, false
	}
	if *dst, ok = h.s.textLen(v); !ok {
		return 0, false
	}
	return end, true
}

// presence reads any value into *dst as present (or nil for null).
func (h *headReader) presence(dst *json.RawMessage, at int) (int, bool) {
	end, ok := h.s.value(at, 2)
	if !ok {
		return 0, false
	}
	if h.s.data[at:end] != "null" {
		*dst = present
	}
	return end, true
}

// sub reads a member that must be an object (null refuses) with members
// of its own.
func (h *headReader) sub(at int, names []string, take func(key string, at int) (int, bool)) (int, bool) {
	if at >= len(h.s.data) || h.s.data[at] != '{' {
		return 0, false
	}
	return h.object(at, 2, names, take)
}

func fastPartHead(raw []byte) (partHead, bool) {
	var p partHead
	h := newHeadReader(raw)
	ok := h.whole(func(at int) (int, bool) { return h.partHead(at, &p) })
	return p, ok
}

// partHead reads the part object at data[at] into *p and returns the index
// after it.
func (h *headReader) partHead(at int, p *partHead) (int, bool) {
	h.seen = 0
	return h.object(at, 1, partNames, func(key string, at int) (int, bool) {
		switch key {
		case "id":
			return h.str(&p.ID, at)
		case "sessionID":
			return h.str(&p.SessionID, at)
		case "messageID":
			return h.str(&p.MessageID, at)
		case "type":
			return h.str(&p.Type, at)
		case "text":
			return h.strLen(&p.TextLen, at)
		case "time":
			return h.sub(at, []string{"start", "end"}, func(key string, at int) (int, bool) {
				if key == "start" {
					return h.presence(&p.Time.Start, at)
				}
				return h.presence(&p.Time.End, at)
			})
		}
		return h.sub(at, []string{"status"}, func(_ string, at int) (int, bool) {
			return h.str(&p.State.Status, at)
		})
	})
}

func fastMessageHead(raw []byte) (messageHead, bool) {
	var m messageHead
	h := newHeadReader(raw)
	ok := h.whole(func(at int) (int, bool) { return h.messageHead(at, &m) })
	return m, ok
}

// messageHead is partHead for a message's info.
func (h *headReader) messageHead(at int, m *messageHead) (int, bool) {
	h.seen = 0
	return h.object(at, 1, messageNames, func(key string, at int) (int, bool) {
		switch key {
		case "id":
			return h.str(&m.ID, at)
		case "sessionID":
			return h.str(&m.SessionID, at)
		case "role":
			return h.str(&m.Role, at)
		case "finish":
			return h.str(&m.Finish, at)
		case "error":
			return h.presence(&m.Error, at)
		case "summary":
			return h.presence(&m.Summary, at)
		}
		return h.sub(at, []string{"completed"}, func(_ string, at int) (int, bool) {
			return h.presence(&m.Time.Completed, at)
		})
	})
}
