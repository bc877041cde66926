package sanitize

import (
	"fmt"
	"unicode/utf8"
)

// shortLen is how much of a server-given value a message shows.
const shortLen = 64

// ShortForm cuts a server-given value (offset, cursor, event text) for a
// message: the first bytes, then how long it really was, so one line stays
// one line whatever the server sent. It does not sanitise: pass the result
// through Line before printing.
func ShortForm(s string) string {
	if len(s) <= shortLen {
		return s
	}
	return fmt.Sprintf("%s… (%d bytes)", Head(s), len(s))
}

// Head is the start of s that ShortForm shows, cut at a rune boundary.
func Head(s string) string {
	if len(s) <= shortLen {
		return s
	}
	cut := shortLen
	for cut > 0 && !utf8.RuneStart(s[cut]) {
		cut--
	}
	return s[:cut]
}
