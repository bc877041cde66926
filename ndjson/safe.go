package ndjson

import (
	"bufio"
	"bytes"
	"encoding/binary"
	"encoding/json"
	"fmt"
	"unicode/utf16"
	"unicode/utf8"

	"github.com/dstail/dstail/sanitize"
)

// safeJSON returns valid JSON on one line that a terminal shows
// harmlessly: Go's encoder leaves C1 controls (U+0080–U+009F, which some
// terminals read as escape sequences), bidi controls, zero-width characters
// and invalid UTF-8 raw, so those (every rune sanitize.ClassAt does not
// call printable) are written as \u escapes, which decode to the same
// text. Input that is not JSON at all becomes a JSON string rather than
// break the line format. buf is scratch space.
func safeJSON(buf *bytes.Buffer, data []byte) []byte {
	if printableASCII(data) {
		return data // one line already, and nothing a terminal could misread
	}
	data = Compact(buf, data)
	if isPlainASCII(data) {
		return data
	}
	if !json.Valid(data) {
		enc, _ := json.Marshal(string(data))
		return safeJSON(buf, enc)
	}
	text := string(data)
	out := make([]byte, 0, len(data)+16)
	for i := 0; i < len(text); {
		r, size, class := sanitize.ClassAt(text, i)
		switch {
		case r == utf8.RuneError && size == 1:
			out = append(out, `\ufffd`...)
		case class != sanitize.Printable && r >= 0x80:
			out = appendEscape(out, r)
		default:
			out = append(out, text[i:i+size]...)
		}
		i += size
	}
	return out
}

// appendEscape writes r as \uXXXX, or as a surrogate pair above U+FFFF.
func appendEscape(out []byte, r rune) []byte {
	if r > 0xffff {
		hi, lo := utf16.EncodeRune(r)
		return fmt.Appendf(out, `\u%04x\u%04x`, hi, lo)
	}
	return fmt.Appendf(out, `\u%04x`, r)
}

// SafeJSON is data as one line of JSON that a terminal shows harmlessly
// (see safeJSON), for JSON encoded elsewhere such as the session list.
func SafeJSON(data []byte) []byte {
	var buf bytes.Buffer
	return safeJSON(&buf, data)
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

// printableASCII reports whether data holds only bytes 0x20-0x7f, a word
// at a time: the common message, which needs neither compacting nor
// escaping. A tab, newline or byte above 0x7f takes the careful path.
func printableASCII(data []byte) bool {
	const ones, high = 0x0101010101010101, 0x8080808080808080
	i := 0
	for ; i+16 <= len(data); i += 16 { // two words before one branch
		x, y := binary.LittleEndian.Uint64(data[i:]), binary.LittleEndian.Uint64(data[i+8:])
		if (x|(x-0x20*ones)&^x|y|(y-0x20*ones)&^y)&high != 0 { // a byte >= 0x80 or < 0x20
			return false
		}
	}
	for ; i+8 <= len(data); i += 8 {
		x := binary.LittleEndian.Uint64(data[i:])
		if (x|(x-0x20*ones)&^x)&high != 0 {
			return false
		}
	}
	for _, c := range data[i:] {
		if c >= 0x80 || c < 0x20 {
			return false
		}
	}
	return true
}

// Compact keeps a record on one line; most messages need no work. buf is
// scratch space.
func Compact(buf *bytes.Buffer, data []byte) []byte {
	if !bytes.ContainsAny(data, "\n\r") {
		return data
	}
	buf.Reset()
	if json.Compact(buf, data) != nil {
		return data
	}
	return buf.Bytes()
}

// writeString encodes text as a JSON string; invalid UTF-8 becomes
// U+FFFD and C1 controls are escaped, as in safeJSON.
func writeString(w *bufio.Writer, data []byte) {
	if plainString(data) {
		w.WriteByte('"')
		w.Write(data)
		w.WriteByte('"')
		return
	}
	enc, _ := json.Marshal(string(data))
	if !isPlainASCII(enc) {
		var buf bytes.Buffer
		enc = safeJSON(&buf, enc)
	}
	w.Write(enc)
}

// writeText is writeString of a Go string.
func writeText(w *bufio.Writer, s string) {
	if plainString(s) {
		w.WriteByte('"')
		w.WriteString(s)
		w.WriteByte('"')
		return
	}
	writeString(w, []byte(s))
}

// plainString reports whether json.Marshal would write data as it is
// between quotes: printable ASCII without quotes, backslashes and the
// characters it escapes for HTML. Ids and types are, so most names of a
// record cost no encoding.
func plainString[T string | []byte](data T) bool {
	for i := 0; i < len(data); i++ {
		if c := data[i]; c < 0x20 || c >= 0x7f || c == '"' || c == '\\' || c == '<' || c == '>' || c == '&' {
			return false
		}
	}
	return true
}
