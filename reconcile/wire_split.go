package reconcile

import (
	"encoding/json"
	"fmt"
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
			end, ok := s.value(at, 2)
			if !ok || s.data[at:end] == "null" { // null: left as encoding/json leaves it
				return 0, false
			}
			wm.Info = elem[at:end:end]
			return end, true
		case key == "parts" && !seenParts:
			seenParts = true
			return s.rawArray(elem, at, &wm.Parts)
		case foldsTo(key, listedNames):
			return 0, false // repeated, or in another case
		}
		return s.value(at, 2)
	})
	return wm, ok && s.skipWS(end) == len(s.data)
}

// rawArray reads the array at data[at] into the raw bytes of each element.
func (s *jsonScan) rawArray(elem []byte, at int, out *[]json.RawMessage) (int, bool) {
	if at >= len(s.data) || s.data[at] != '[' {
		return 0, false // null or another type: encoding/json judges
	}
	items := []json.RawMessage{}
	i := s.skipWS(at + 1)
	if i < len(s.data) && s.data[i] == ']' {
		*out = items
		return i + 1, true
	}
	for {
		end, ok := s.value(i, 3)
		if !ok {
			return 0, false
		}
		items = append(items, elem[i:end:end])
		i = s.skipWS(end)
		switch {
		case i >= len(s.data):
			return 0, false
		case s.data[i] == ']':
			*out = items
			return i + 1, true
		case s.data[i] != ',':
			return 0, false
		}
		i = s.skipWS(i + 1)
	}
}
