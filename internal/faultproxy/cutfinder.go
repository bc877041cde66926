package faultproxy

// cutFinder finds where a FrameCut or RuneCut ends a connection: inside the
// next SSE data line, or inside the next multi-byte UTF-8 sequence. It is
// fed the bytes sent after the fault's byte limit, in order, and carries its
// state across reads, so a pattern split over two reads is still found.
type cutFinder struct {
	kind kind
	// into is how many bytes past the start of the frame's data field, or
	// past a rune's lead byte, the cut lands (seeded).
	into int
	// matched counts bytes of dataField matched so far (FrameCut).
	matched int
	// left counts bytes still to send before the cut once a start was
	// found; -1 while searching.
	left int
}

// dataField starts the data line of an SSE frame.
const dataField = "data:"

func newCutFinder(pl plan) *cutFinder {
	f := &cutFinder{kind: pl.kind, left: -1}
	switch pl.kind {
	case kindFrameCut:
		f.into = int(pl.spare % 8) // 0 cuts right after "data:"
	case kindRuneCut:
		f.into = int(pl.spare % 3) // continuation bytes kept, bounded per rune below
	}
	return f
}

// scan looks at chunk, which is about to be sent. found reports that the
// connection must end after chunk[:k]; otherwise all of chunk was taken in.
func (f *cutFinder) scan(chunk []byte) (k int, found bool) {
	for i, b := range chunk {
		if f.left >= 0 {
			if f.kind == kindFrameCut && (b == '\n' || b == '\r') {
				return i, true // the data line ends here: cut before its end
			}
			if f.kind == kindRuneCut && b&0xC0 != 0x80 {
				return i, true // not a continuation byte: cut before it
			}
			if f.left == 0 {
				return i, true
			}
			f.left--
			continue
		}
		switch f.kind {
		case kindFrameCut:
			f.matchData(b)
			if f.matched == len(dataField) {
				f.left = f.into
				if f.left == 0 {
					return i + 1, true
				}
			}
		case kindRuneCut:
			if n := runeLen(b); n > 1 {
				f.left = min(f.into, n-2) // at least one continuation byte is held back
				if f.left == 0 {
					return i + 1, true
				}
			}
		}
	}
	return len(chunk), false
}

// matchData advances the match of dataField at the start of a line. The
// field name has no repeated prefix, so a mismatch restarts from scratch.
func (f *cutFinder) matchData(b byte) {
	switch {
	case f.matched < len(dataField) && b == dataField[f.matched]:
		f.matched++
	case b == dataField[0]:
		f.matched = 1
	default:
		f.matched = 0
	}
}

// runeLen is the length of the UTF-8 sequence that lead byte b starts, or 0
// for a byte that starts none (ASCII counts as 1).
func runeLen(b byte) int {
	switch {
	case b < 0x80:
		return 1
	case b >= 0xC2 && b <= 0xDF:
		return 2
	case b >= 0xE0 && b <= 0xEF:
		return 3
	case b >= 0xF0 && b <= 0xF4:
		return 4
	}
	return 0
}
