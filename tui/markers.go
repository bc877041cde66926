package tui

import (
	"regexp"
	"strings"
)

// markerRE finds what the sanitiser puts in place of an invisible rune
// (sanitize.Marker): <U+202E>.
var markerRE = regexp.MustCompile(`<U\+[0-9A-F]{4,6}>`)

// Faint on and off. Off (22) also ends bold, so the marker is followed by
// its line's style again only where that style was plain or coloured.
const faintOn, faintOff = "\x1b[2m", "\x1b[22m"

// dimMarkers shows the markers of invisible runes dimmed, so they read as
// annotations rather than as the server's text.
func dimMarkers(line string) string {
	if !strings.Contains(line, "<U+") {
		return line
	}
	return markerRE.ReplaceAllStringFunc(line, func(m string) string { return faintOn + m + faintOff })
}
