package sanitize

import (
	"fmt"
	"unicode"
	"unicode/utf8"
)

// Class is what a sink must do with a rune from a server.
type Class int

const (
	// Printable runes are shown as they are.
	Printable Class = iota
	// Control runes (C0 other than tab and newline, DEL, C1 such as the
	// 8-bit CSI U+009B) drive the terminal; they are removed from text and
	// escaped in JSON.
	Control
	// Invisible runes change how the text around them is shown without
	// being seen: bidi overrides, embeddings, isolates and marks (which can
	// reverse a line or push a header's status off screen) and zero-width
	// and other format characters (which hide text or make two different
	// strings look the same). They are shown as a visible marker such as
	// <U+202E> in text and escaped as \u202e in JSON.
	Invisible
)

// Classify says what to do with r on its own. ClassAt also knows the
// neighbours, which decide for the two joiners.
func Classify(r rune) Class {
	switch {
	case r == '\t' || r == '\n':
		return Printable
	case r < 0x20, r == 0x7f, r >= 0x80 && r <= 0x9f:
		return Control
	case r < 0xa0:
		return Printable
	case invisible(r):
		return Invisible
	}
	return Printable
}

// invisible covers the bidi controls and zero-width characters by name, and
// every other format character (Unicode category Cf: soft hyphen, word
// joiner, invisible operators, tag characters, interlinear annotations, …)
// and the fillers that render as nothing.
func invisible(r rune) bool {
	switch {
	case r == 0x061c, r == 0x200e, r == 0x200f: // Arabic letter mark, LRM, RLM
		return true
	case r >= 0x202a && r <= 0x202e, r >= 0x2066 && r <= 0x2069: // embeddings, overrides, isolates
		return true
	case r >= 0x200b && r <= 0x200d, r == 0x2060, r == 0xfeff, r == 0x180e: // zero-width
		return true
	case r == 0x2028 || r == 0x2029: // line and paragraph separators
		return true
	case r == 0x115f, r == 0x1160, r == 0x3164, r == 0xffa0: // Hangul fillers
		return true
	}
	return unicode.Is(unicode.Cf, r)
}

// ClassAt decodes the rune at s[i] and classifies it in its context: a
// zero-width joiner inside an emoji sequence (👩‍💻) and a zero-width
// non-joiner between two letters of a script that needs it (Persian,
// Indic) are printable; anywhere else they are invisible. An invalid byte
// is reported as utf8.RuneError of size 1 and class Control.
func ClassAt(s string, i int) (r rune, size int, c Class) {
	r, size = utf8.DecodeRuneInString(s[i:])
	if r == utf8.RuneError && size <= 1 {
		return r, size, Control
	}
	c = Classify(r)
	if c != Invisible || (r != 0x200c && r != 0x200d) {
		return r, size, c
	}
	prev, _ := utf8.DecodeLastRuneInString(s[:i])
	next, _ := utf8.DecodeRuneInString(s[i+size:])
	if r == 0x200d && emojiPart(prev) && pictographic(next) {
		return r, size, Printable
	}
	if r == 0x200c && joiningLetter(prev) && joiningLetter(next) {
		return r, size, Printable
	}
	return r, size, Invisible
}

// pictographic approximates Extended_Pictographic: the emoji blocks and the
// older symbols emoji sequences use.
func pictographic(r rune) bool {
	return r >= 0x1f000 && r <= 0x1faff || r >= 0x2600 && r <= 0x27bf || r >= 0x2300 && r <= 0x23ff || r == 0x2b50 || r == 0x2b55
}

// emojiPart is what may stand before a joiner in an emoji sequence: an
// emoji, its presentation selector, or a skin-tone modifier (in the range).
func emojiPart(r rune) bool { return pictographic(r) || r == 0xfe0f }

// joiningLetter is a letter of a script where ZWNJ changes the shaping.
func joiningLetter(r rune) bool { return r >= 0x0600 && unicode.IsLetter(r) }

// Marker is how text shows an invisible rune: <U+202E>.
func Marker(r rune) string { return fmt.Sprintf("<U+%04X>", r) }
