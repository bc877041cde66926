package ds

import (
	"unicode/utf8"

	"github.com/dstail/dstail/feed"
)

// feedText frames a text/* stream byte-exact: every byte read is handed on
// at once, line endings and unterminated lines included, so a partial line
// shows as soon as it arrives. Skip counts bytes, so a resume inside a line
// is exact. Only the start of a UTF-8 character cut by the end of a read
// (at most three bytes) waits in partial for its rest, so no sink ever sees
// half a character; a resume then reads it again from its offset, like a
// partial line of KindLines.
func (f *framer) feedText(start, end string, chunk []byte) []feed.Message {
	var seen int64 // bytes of this read skipped or handed on
	if f.skip > 0 {
		drop := min(f.skip, int64(len(chunk)))
		chunk, f.skip, seen = chunk[drop:], f.skip-drop, drop
	}
	if f.skip > 0 {
		f.after = feed.Position{Offset: end, Skip: f.skip}
		return nil
	}
	data := append(f.partial, chunk...)
	cut := len(data) - cutRune(data)
	f.partial = append([]byte(nil), data[cut:]...)
	// Bytes of this read still waiting: the held tail, less what came
	// before start.
	waiting := int64(min(len(f.partial), len(chunk)))
	seen += int64(len(chunk)) - waiting
	switch {
	case len(f.partial) == 0:
		f.after = feed.Position{Offset: end}
	case seen > 0:
		f.after = feed.Position{Offset: start, Skip: seen}
	}
	if cut == 0 {
		return nil
	}
	return []feed.Message{{Data: data[:cut:cut], After: f.after}}
}

// cutRune is how many bytes at the end of b start a UTF-8 character that
// needs more bytes than b has. Invalid bytes are not held: they could never
// complete.
func cutRune(b []byte) int {
	for n := 1; n <= min(utf8.UTFMax-1, len(b)); n++ {
		c := b[len(b)-n]
		if !utf8.RuneStart(c) {
			continue // a continuation byte: look further back
		}
		need := 0
		switch {
		case c >= 0xF0 && c <= 0xF4:
			need = 4
		case c >= 0xE0 && c < 0xF0:
			need = 3
		case c >= 0xC2 && c < 0xE0:
			need = 2
		}
		if need > n {
			return n
		}
		return 0
	}
	return 0
}
