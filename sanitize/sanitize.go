// Package sanitize makes untrusted server text safe to print on a terminal.
package sanitize

import (
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"
)

// Text removes escape sequences (CSI, OSC, DCS, …), C0 controls other than
// tab and newline, DEL, C1 controls (U+0080–U+009F) and invalid UTF-8, so a
// server cannot move the cursor, retitle the window or smuggle hyperlinks;
// and it shows bidi controls and zero-width characters as markers such as
// <U+202E> (see Classify), so a server cannot reorder or hide text. Every
// sink of server text decides through Classify: lines, the terminal view,
// the window title, the session list and (as \u escapes) JSON.
func Text(s string) string {
	if isPlain(s) {
		return s
	}
	s = ansi.Strip(s)
	var b strings.Builder
	b.Grow(len(s))
	for i := 0; i < len(s); {
		r, size, class := ClassAt(s, i)
		i += size
		switch {
		case r == utf8.RuneError && size <= 1:
			b.WriteRune(utf8.RuneError)
		case class == Control:
		case class == Invisible:
			b.WriteString(Marker(r))
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// Line is Text for one-line contexts: newlines and tabs become spaces.
func Line(s string) string {
	s = Text(s)
	if strings.ContainsAny(s, "\n\t") {
		s = strings.NewReplacer("\r\n", " ", "\n", " ", "\t", " ").Replace(s)
	}
	return s
}

// isPlain is the fast path: printable ASCII, tabs and newlines only.
func isPlain(s string) bool {
	for i := 0; i < len(s); i++ {
		c := s[i]
		if c >= 0x7f || (c < 0x20 && c != '\t' && c != '\n') {
			return false
		}
	}
	return true
}
