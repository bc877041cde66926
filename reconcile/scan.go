package reconcile

import (
	"math/bits"
	"strings"
	"unicode/utf16"
	"unicode/utf8"
)

// jsonScan is a strict, one-pass JSON reader over one frame. It accepts a
// subset of what encoding/json accepts (RFC 8259 with a depth limit) and
// hands the members of the objects a caller asks for to a callback, as
// positions into data, without copying. Whatever it cannot judge for sure
// it refuses, and the caller falls back to encoding/json: so a refusal
// costs time, never a different result.
type jsonScan struct {
	data string
	ws   int // insignificant whitespace bytes skipped so far
}

// maxScanDepth is far below encoding/json's limit (10,000): deeper input
// is refused here and judged by encoding/json.
const maxScanDepth = 1000

// member is called for each member of an object with its raw key (between
// the quotes), whether the key is plain (ASCII without escapes) and the
// index where its value starts; it returns the index after the value.
type member func(key string, plain bool, at int) (end int, ok bool)

// span is a string value: its raw content between the quotes.
type span struct {
	start, end int
	plain      bool // ASCII without escapes: the bytes are the text
	set        bool
}

func (s *jsonScan) skipWS(i int) int {
	for ; i < len(s.data); i++ {
		switch s.data[i] {
		case ' ', '\t', '\n', '\r':
			s.ws++
		default:
			return i
		}
	}
	return i
}

// str reads the string that starts at data[i] and returns the index after
// its closing quote.
func (s *jsonScan) str(i int) (end int, plain, ok bool) {
	d := s.data
	if i >= len(d) || d[i] != '"' {
		return 0, false, false
	}
	plain = true
	for i++; i < len(d); i++ {
		i = skipRun(d, i, plain)
		for i < len(d) && ordinary[d[i]] {
			i++
		}
		if i == len(d) {
			break
		}
		switch c := d[i]; {
		case c == '"':
			return i + 1, plain, true
		case c == '\\':
			plain = false
			i++
			if i >= len(d) {
				return 0, false, false
			}
			switch d[i] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
			case 'u':
				if i+4 >= len(d) || !isHex(d[i+1]) || !isHex(d[i+2]) || !isHex(d[i+3]) || !isHex(d[i+4]) {
					return 0, false, false
				}
				i += 4
			default:
				return 0, false, false
			}
		case c < 0x20:
			return 0, false, false
		case c >= 0x80:
			plain = false
		}
	}
	return 0, false, false
}

// strSpan reads a string value as a span.
func (s *jsonScan) strSpan(i int) (span, int, bool) {
	end, plain, ok := s.str(i)
	if !ok {
		return span{}, 0, false
	}
	return span{start: i + 1, end: end - 1, plain: plain, set: true}, end, true
}

func (s *jsonScan) value(i, depth int) (int, bool) {
	if i >= len(s.data) {
		return 0, false
	}
	switch s.data[i] {
	case '"':
		end, _, ok := s.str(i)
		return end, ok
	case '{':
		return s.object(i, depth+1, nil)
	case '[':
		return s.array(i, depth+1)
	case 't':
		return s.literal(i, "true")
	case 'f':
		return s.literal(i, "false")
	case 'n':
		return s.literal(i, "null")
	}
	return s.number(i)
}

func (s *jsonScan) literal(i int, word string) (int, bool) {
	if len(s.data)-i < len(word) || s.data[i:i+len(word)] != word {
		return 0, false
	}
	return i + len(word), true
}

func (s *jsonScan) number(i int) (int, bool) {
	d := s.data
	if i < len(d) && d[i] == '-' {
		i++
	}
	switch {
	case i < len(d) && d[i] == '0':
		i++
	case i < len(d) && d[i] >= '1' && d[i] <= '9':
		i = digits(d, i+1)
	default:
		return 0, false
	}
	if i < len(d) && d[i] == '.' {
		if i+1 >= len(d) || !isDigit(d[i+1]) {
			return 0, false
		}
		i = digits(d, i+1)
	}
	if i < len(d) && (d[i] == 'e' || d[i] == 'E') {
		i++
		if i < len(d) && (d[i] == '+' || d[i] == '-') {
			i++
		}
		if i >= len(d) || !isDigit(d[i]) {
			return 0, false
		}
		i = digits(d, i)
	}
	return i, true
}

// object reads the object at data[i]; each member goes to m, or is skipped
// when m is nil.
func (s *jsonScan) object(i, depth int, m member) (int, bool) {
	d := s.data
	if depth > maxScanDepth || i >= len(d) || d[i] != '{' {
		return 0, false
	}
	i = s.skipWS(i + 1)
	if i < len(d) && d[i] == '}' {
		return i + 1, true
	}
	for {
		keyEnd, plain, ok := s.str(i)
		if !ok {
			return 0, false
		}
		key := d[i+1 : keyEnd-1]
		i = s.skipWS(keyEnd)
		if i >= len(d) || d[i] != ':' {
			return 0, false
		}
		i = s.skipWS(i + 1)
		if m != nil {
			i, ok = m(key, plain, i)
		} else {
			i, ok = s.value(i, depth)
		}
		if !ok {
			return 0, false
		}
		i = s.skipWS(i)
		switch {
		case i >= len(d):
			return 0, false
		case d[i] == '}':
			return i + 1, true
		case d[i] != ',':
			return 0, false
		}
		i = s.skipWS(i + 1)
	}
}

func (s *jsonScan) array(i, depth int) (int, bool) {
	d := s.data
	if depth > maxScanDepth {
		return 0, false
	}
	i = s.skipWS(i + 1)
	if i < len(d) && d[i] == ']' {
		return i + 1, true
	}
	for {
		var ok bool
		if i, ok = s.value(i, depth); !ok {
			return 0, false
		}
		i = s.skipWS(i)
		switch {
		case i >= len(d):
			return 0, false
		case d[i] == ']':
			return i + 1, true
		case d[i] != ',':
			return 0, false
		}
		i = s.skipWS(i + 1)
	}
}

// text is the value of a string span as encoding/json would decode it.
// ok is false for what this reader leaves to encoding/json: invalid UTF-8
// and unpaired surrogates, which it replaces by U+FFFD.
func (s *jsonScan) text(v span) (string, bool) {
	raw := s.data[v.start:v.end]
	if v.plain {
		// A copy: a slice would hold the whole frame for as long as the
		// string lives, beyond what the event budget counts.
		return strings.Clone(raw), true
	}
	out, _, ok := decodeText(raw, make([]byte, 0, len(raw)))
	return string(out), ok
}

// textLen is the length of what text returns, without making it.
func (s *jsonScan) textLen(v span) (int, bool) {
	raw := s.data[v.start:v.end]
	if v.plain {
		return len(raw), true
	}
	_, n, ok := decodeText(raw, nil)
	return n, ok
}

// decodeText decodes the raw bytes of a string (checked by str), appended
// to out unless out is nil, and returns their decoded length.
func decodeText(raw string, out []byte) ([]byte, int, bool) {
	keep, n := out != nil, 0
	for i := 0; i < len(raw); {
		c := raw[i]
		switch {
		case c == '\\':
			r, k, ok := unescape(raw[i:])
			if !ok {
				return nil, 0, false
			}
			n += utf8.RuneLen(r) // a rune unescape returns is valid
			if keep {
				out = utf8.AppendRune(out, r)
			}
			i += k
		case c >= utf8.RuneSelf:
			r, k := utf8.DecodeRuneInString(raw[i:])
			if r == utf8.RuneError && k == 1 {
				return nil, 0, false
			}
			n += k
			if keep {
				out = append(out, raw[i:i+k]...)
			}
			i += k
		default:
			n++
			if keep {
				out = append(out, c)
			}
			i++
		}
	}
	return out, n, true
}

// unescape decodes the escape at the start of raw (already checked by str)
// and returns the rune and the bytes it took.
func unescape(raw string) (rune, int, bool) {
	switch raw[1] {
	case 'b':
		return '\b', 2, true
	case 'f':
		return '\f', 2, true
	case 'n':
		return '\n', 2, true
	case 'r':
		return '\r', 2, true
	case 't':
		return '\t', 2, true
	case 'u':
	default: // '"', '\\', '/'
		return rune(raw[1]), 2, true
	}
	r := hex4(raw[2:6])
	if !utf16.IsSurrogate(r) {
		return r, 6, true
	}
	if len(raw) < 12 || raw[6] != '\\' || raw[7] != 'u' {
		return 0, 0, false
	}
	pair := utf16.DecodeRune(r, hex4(raw[8:12]))
	if pair == utf8.RuneError {
		return 0, 0, false
	}
	return pair, 12, true
}

func hex4(b string) rune {
	var r rune
	for _, c := range []byte(b[:4]) {
		switch {
		case c >= '0' && c <= '9':
			c -= '0'
		case c >= 'a' && c <= 'f':
			c = c - 'a' + 10
		default:
			c = c - 'A' + 10
		}
		r = r<<4 | rune(c)
	}
	return r
}

// ordinary are the bytes a string holds as they are: ASCII that is not a
// control character, a quote or a backslash.
var ordinary = func() (t [256]bool) {
	for c := 0x20; c < 0x80; c++ {
		t[c] = c != '"' && c != '\\'
	}
	return t
}()

const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// runStops marks the high bit of each of the eight bytes of x that ends a
// string's run of bytes taken as they are (a quote, a backslash, a control
// character, or while the string is still plain a byte of a multi-byte
// character). A borrow may mark bytes after the first, never one before
// it. (internal/jsonarray has the same test for its own scan; reconcile
// imports nothing of the project's, and TestRunEndAgreesWithTable holds
// this one to the byte table.)
func runStops(x uint64, plain bool) uint64 {
	q, bs := x^('"'*ones), x^('\\'*ones)
	stop := (q-ones)&^q | (bs-ones)&^bs | (x-0x20*ones)&^x
	if plain {
		stop |= x
	}
	return stop & high
}

// runEnd is the index of the first of the eight bytes of x that ends a
// run, or 8.
func runEnd(x uint64, plain bool) int { return bits.TrailingZeros64(runStops(x, plain)) / 8 }

// skipRun returns the index of the first byte from d[i] on that ends a
// run, or where fewer than eight bytes are left. Most of a message is
// string bytes that need no look (the text of parts, tool output): they go
// sixteen at a time, two words tested before one branch.
func skipRun(d string, i int, plain bool) int {
	for i+16 <= len(d) {
		m0, m1 := runStops(load8(d, i), plain), runStops(load8(d, i+8), plain)
		if m0|m1 != 0 {
			if m0 != 0 {
				return i + bits.TrailingZeros64(m0)/8
			}
			return i + 8 + bits.TrailingZeros64(m1)/8
		}
		i += 16
	}
	if i+8 <= len(d) {
		i += runEnd(load8(d, i), plain)
	}
	return i
}

// load8 reads d[i:i+8] as a little-endian word (the compiler makes it one
// load).
func load8(d string, i int) uint64 {
	d = d[i : i+8]
	return uint64(d[0]) | uint64(d[1])<<8 | uint64(d[2])<<16 | uint64(d[3])<<24 |
		uint64(d[4])<<32 | uint64(d[5])<<40 | uint64(d[6])<<48 | uint64(d[7])<<56
}

func isHex(c byte) bool {
	return isDigit(c) || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}

func isDigit(c byte) bool { return c >= '0' && c <= '9' }

func digits(d string, i int) int {
	for i < len(d) && isDigit(d[i]) {
		i++
	}
	return i
}
