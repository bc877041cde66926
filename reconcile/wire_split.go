package reconcile

import (
	"bytes"
	"encoding/json"
	"fmt"
	"slices"
	"sync"
	"unsafe"
)

var listedNames = []string{"info", "parts"}

// SplitWireMessage reads one message of a GET /session/ID/message list,
// {"info":{…},"parts":[…]}, as json.Unmarshal into a WireMessage would,
// but with its members sharing elem's bytes instead of copies: elem must
// not change afterwards. The common shape is read in one pass of the
// frame scanner; anything it refuses is left to encoding/json.
func SplitWireMessage(elem []byte) (WireMessage, error) {
	if wm, ok := fastWireMessage(elem); ok {
		return wm, nil
	}
	var wm WireMessage
	if err := json.Unmarshal(elem, &wm); err != nil {
		return WireMessage{}, fmt.Errorf("reconcile: bad message list: %w", err)
	}
	return wm, nil
}

// SplitListed is SplitWireMessage for a reader that reuses elem's bytes:
// the message keeps none of them. The info and the parts of the usual
// compact shape are copied once, straight into the Data of the events the
// merger makes of them for session, where a copy of elem and then of each
// member took two; anything else is split from a copy of elem.
func SplitListed(elem []byte, session string) (WireMessage, error) {
	wm, ok := fastWireMessage(elem)
	if !ok || !wm.compact || !isObject(wm.Info) {
		return SplitWireMessage(bytes.Clone(elem))
	}
	for _, p := range wm.Parts {
		if !isObject(p) {
			return SplitWireMessage(bytes.Clone(elem))
		}
	}
	wm.madeFor = session
	wm.madeInfo = wrapData(session, "info", wm.Info)
	wm.Info = wm.madeInfo.member()
	wm.madeList = make([]wrappedData, len(wm.Parts))
	for i, p := range wm.Parts {
		wm.madeList[i] = wrapData(session, "part", p)
		wm.Parts[i] = wm.madeList[i].member()
	}
	return wm, nil
}

// isObject reports a compact member the merger takes (compactListed).
func isObject(raw []byte) bool { return len(raw) > 0 && raw[0] == '{' }

// infoData is the Data SplitListed made of Info for session, if it did.
func (wm *WireMessage) infoData(session string) wrappedData {
	if session != "" && wm.madeFor == session {
		return wm.madeInfo
	}
	return wrappedData{}
}

// partData is the Data SplitListed made of part i for session, if it did.
func (wm *WireMessage) partData(session string, i int) wrappedData {
	if session != "" && wm.madeFor == session && i < len(wm.madeList) {
		return wm.madeList[i]
	}
	return wrappedData{}
}

func fastWireMessage(elem []byte) (WireMessage, bool) {
	if len(elem) == 0 {
		return WireMessage{}, false
	}
	// The scanner reads strings; elem does not change while it does.
	s := jsonScan{data: unsafe.String(unsafe.SliceData(elem), len(elem))}
	var wm WireMessage
	var seenInfo, seenParts bool
	end, ok := s.object(s.skipWS(0), 1, func(key string, plain bool, at int) (int, bool) {
		switch {
		case !plain:
			return 0, false
		case key == "info" && !seenInfo:
			seenInfo = true
			end, read, ok := s.item(at, 2, func(h *headReader) (int, bool) { return h.messageHead(at, &wm.infoHead) })
			if !read {
				wm.infoHead = messageHead{}
			}
			if !ok || s.data[at:end] == "null" { // null: left as encoding/json leaves it
				return 0, false
			}
			wm.Info = elem[at:end:end]
			return end, true
		case key == "parts" && !seenParts:
			seenParts = true
			return s.partList(elem, at, &wm)
		case foldsTo(key, listedNames):
			return 0, false // repeated, or in another case
		}
		return s.value(at, 2)
	})
	wm.compact = s.ws == 0
	return wm, ok && s.skipWS(end) == len(s.data)
}

// partList reads the array at data[at] into the raw bytes of each
// element and, in the same pass, their heads.
func (s *jsonScan) partList(elem []byte, at int, wm *WireMessage) (int, bool) {
	if at >= len(s.data) || s.data[at] != '[' {
		return 0, false // null or another type: encoding/json judges
	}
	i := s.skipWS(at + 1)
	if i < len(s.data) && s.data[i] == ']' {
		wm.Parts, wm.partHeads = []json.RawMessage{}, []partHead{}
		return i + 1, true
	}
	// The parts are gathered in slices kept from message to message, then
	// copied out at their exact length: a long session's list is thousands
	// of messages, and room for a guessed count in each is most of what
	// reading it allocates.
	sc := listScratch.Get().(*partScratch)
	defer sc.put()
	items, heads := sc.items[:0], sc.heads[:0]
	defer func() { sc.items, sc.heads = items, heads }()
	for {
		var head partHead
		end, read, ok := s.item(i, 3, func(h *headReader) (int, bool) { return h.partHead(i, &head) })
		if !ok {
			return 0, false
		}
		if !read {
			head = partHead{}
		}
		items, heads = append(items, elem[i:end:end]), append(heads, head)
		i = s.skipWS(end)
		switch {
		case i >= len(s.data):
			return 0, false
		case s.data[i] == ']':
			wm.Parts, wm.partHeads = slices.Clone(items), slices.Clone(heads)
			return i + 1, true
		case s.data[i] != ',':
			return 0, false
		}
		i = s.skipWS(i + 1)
	}
}

// partScratch is where partList gathers one message's parts.
type partScratch struct {
	items []json.RawMessage
	heads []partHead
}

var listScratch = sync.Pool{New: func() any { return new(partScratch) }}

// put returns the scratch to the pool without what it pointed to: the
// parts' bytes and the heads' strings belong to the message read.
func (sc *partScratch) put() {
	clear(sc.items)
	clear(sc.heads)
	listScratch.Put(sc)
}

// item reads the value at data[at] with read, the head reader of an object
// (which checks it whole while it takes the head: read says it did), or
// where that refuses as any value at depth, whose head is then read later
// or not at all.
func (s *jsonScan) item(at, depth int, read func(h *headReader) (int, bool)) (end int, headRead, ok bool) {
	h := headReader{s: jsonScan{data: s.data}}
	if end, ok := read(&h); ok {
		s.ws += h.s.ws
		return end, true, true
	}
	end, ok = s.value(at, depth)
	return end, false, ok
}
