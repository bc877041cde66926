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
func (f *framer) feedText(start, end string, chunk []byte, final bool) []feed.Message {
	chunk = f.skipBytes(chunk)
	if f.skip > 0 {
		f.moved(start, end, final, false, 0, false)
		return nil
	}
	f.consumed += int64(len(chunk))
	data := append(f.partial, chunk...)
	cut := len(data) - cutRune(data)
	f.partial = append([]byte(nil), data[cut:]...)
	// The held bytes that came with this response (a character may have
	// begun in the one before).
	held := min(int64(len(f.partial)), f.consumed)
	f.moved(start, end, final, len(f.partial) > 0, held, cut > 0)
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
