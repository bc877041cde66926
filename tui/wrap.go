package tui

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
)

// wrapLines is strings.Split(ansi.Wrap(s, width, ""), "\n"): s word-wrapped
// to width cells. Printable ASCII, the usual text of a stream, takes
// wrapASCII, several times faster; search wraps every candidate row of a
// long stream on each key.
func wrapLines(s string, width int) []string {
	if width >= 1 && printableASCII(s) {
		return strings.Split(wrapASCII(s, width), "\n")
	}
	return strings.Split(ansi.Wrap(s, width, ""), "\n")
}

// printableASCII reports whether s holds only bytes 0x20-0x7e.
func printableASCII[T string | []byte](s T) bool {
	for i := 0; i < len(s); i++ {
		if c := s[i]; c < 0x20 || c >= 0x7f {
			return false
		}
	}
	return true
}

// wrapASCII is ansi.Wrap(s, limit, "") for s of printable ASCII and limit
// at least 1, step for step: a byte is a cell, ' ' the only space and '-'
// the only break point. The word and the spaces waiting to be written are
// a run of s and a count instead of buffers. FuzzWrapASCIIAgrees holds it
// to ansi.Wrap.
func wrapASCII(s string, limit int) string {
	out := make([]byte, 0, len(s)+len(s)/limit+1)
	var (
		width     int // written on the current line
		spaces    int // waiting to be written before the word
		wordStart int
		wordLen   int
	)
	addSpace := func() {
		width += spaces
		for ; spaces > 0; spaces-- {
			out = append(out, ' ')
		}
	}
	addWord := func() {
		if wordLen == 0 {
			return
		}
		addSpace()
		width += wordLen
		out = append(out, s[wordStart:wordStart+wordLen]...)
		wordLen = 0
	}
	addNewline := func() {
		out = append(out, '\n')
		width, spaces = 0, 0
	}
	extendWord := func(i int) {
		if wordLen == 0 {
			wordStart = i
		}
		wordLen++
	}
	for i := 0; i < len(s); i++ {
		switch s[i] {
		case ' ':
			addWord()
			spaces++
		case '-':
			addSpace()
			if width+wordLen >= limit {
				extendWord(i) // no room for the break point: part of the word
			} else {
				addWord()
				out = append(out, '-')
				width++
			}
		default:
			if width == limit {
				addNewline()
			}
			extendWord(i)
			if wordLen == limit {
				addWord() // a word as long as the line is cut
			}
			if width+wordLen+spaces > limit {
				addNewline()
			}
		}
	}
	if wordLen == 0 {
		if width+spaces <= limit {
			addSpace() // trailing spaces that fit are kept
		}
		spaces = 0
	}
	addWord()
	return string(out)
}
