package output

import (
	"bytes"
	"encoding/json"
	"fmt"
	"unicode/utf8"
)

// terminalSafeJSON returns valid JSON on one line that a terminal shows
// harmlessly: Go's encoder leaves C1 controls (U+0080–U+009F, which some
// terminals read as escape sequences) and invalid UTF-8 raw, so those are
// written as \u escapes. Input that is not JSON at all becomes a JSON string
// rather than break the line format. buf is scratch space.
func terminalSafeJSON(buf *bytes.Buffer, data []byte) []byte {
	data = compactJSON(buf, data)
	if isPlainASCII(data) {
		return data
	}
	if !json.Valid(data) {
		enc, _ := json.Marshal(string(data))
		return enc
	}
	out := make([]byte, 0, len(data)+16)
	for i := 0; i < len(data); {
		r, size := utf8.DecodeRune(data[i:])
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, `\ufffd`...)
		case r >= 0x80 && r <= 0x9f:
			out = fmt.Appendf(out, `\u%04x`, r)
		default:
			out = append(out, data[i:i+size]...)
		}
		i += size
	}
	return out
}

// isPlainASCII reports whether data has only printable ASCII and the
// whitespace valid JSON may hold, the common case that needs no work.
func isPlainASCII(data []byte) bool {
	for _, c := range data {
		if c >= 0x80 || c < 0x20 && c != '\t' {
			return false
		}
	}
	return true
}
