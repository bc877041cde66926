package jsonarray

// A single-pass JSON value scanner for array elements: it finds where an
// array element ends and checks that it is valid JSON in the same pass, a
// few times faster than json.Valid after a separate boundary scan. It
// accepts exactly what encoding/json accepts (FuzzArrayReader compares the
// two), including its nesting limit; like encoding/json it does not check
// that strings are valid UTF-8.

import (
	"encoding/binary"
	"math/bits"
)

const (
	scanInvalid = -1 // not valid JSON
	scanMore    = -2 // the buffer ends inside the value
	maxNesting  = 10000
)

// scanValue checks the JSON value starting at b[i] (no leading whitespace)
// and returns the index just past it, scanInvalid or scanMore.
func scanValue(b []byte, i, depth int) int {
	if i >= len(b) {
		return scanMore
	}
	switch c := b[i]; {
	case c == '"':
		return scanString(b, i+1)
	case c == '{' || c == '[':
		if depth >= maxNesting {
			return scanInvalid
		}
		return scanContainer(b, i+1, depth+1, c == '{')
	case c == '-' || c >= '0' && c <= '9':
		return scanNumber(b, i)
	case c == 't':
		return scanLiteral(b, i, "true")
	case c == 'f':
		return scanLiteral(b, i, "false")
	case c == 'n':
		return scanLiteral(b, i, "null")
	}
	return scanInvalid
}

// scanContainer checks the members of an object or the elements of an
// array after its opening bracket.
func scanContainer(b []byte, i, depth int, object bool) int {
	closing := byte(']')
	if object {
		closing = '}'
	}
	i = skipSpace(b, i)
	if i >= len(b) {
		return scanMore
	}
	if b[i] == closing {
		return i + 1
	}
	for {
		if object {
			if b[i] != '"' {
				return scanInvalid
			}
			if i = scanString(b, i+1); i < 0 {
				return i
			}
			if i = skipSpace(b, i); i >= len(b) {
				return scanMore
			}
			if b[i] != ':' {
				return scanInvalid
			}
			if i = skipSpace(b, i+1); i >= len(b) {
				return scanMore
			}
		}
		if i = scanValue(b, i, depth); i < 0 {
			return i
		}
		if i = skipSpace(b, i); i >= len(b) {
			return scanMore
		}
		switch b[i] {
		case closing:
			return i + 1
		case ',':
			if i = skipSpace(b, i+1); i >= len(b) {
				return scanMore
			}
		default:
			return scanInvalid
		}
	}
}

// Bytes of a word, for the word-at-a-time tests below: (x-n*ones)&^x&high
// is non-zero exactly when some byte of x is below n (for n <= 0x80), and
// x^(c*ones) has a zero byte exactly where x holds c.
const (
	ones = 0x0101010101010101
	high = 0x8080808080808080
)

// stopMarks marks the high bit of each of the eight bytes of x that ends a
// string's plain run (a quote, a backslash or a control character). Each
// test may also mark bytes after the first it finds (a borrow runs
// upwards), never one before it: the lowest mark is exact.
func stopMarks(x uint64) uint64 {
	q, bs := x^('"'*ones), x^('\\'*ones)
	return ((q-ones)&^q | (bs-ones)&^bs | (x-0x20*ones)&^x) & high
}

// stringStop is the index of the first of the eight bytes of x that ends a
// string's plain run, or 8.
func stringStop(x uint64) int { return bits.TrailingZeros64(stopMarks(x)) / 8 }

// skipPlain returns the index of the first byte from b[i] on that ends a
// string's plain run, or where fewer than eight bytes are left. Most of a
// message is string bytes that need no look: they go sixteen at a time,
// two words tested before one branch.
func skipPlain(b []byte, i int) int {
	for i+16 <= len(b) {
		m0 := stopMarks(binary.LittleEndian.Uint64(b[i:]))
		m1 := stopMarks(binary.LittleEndian.Uint64(b[i+8:]))
		if m0|m1 != 0 {
			if m0 != 0 {
				return i + bits.TrailingZeros64(m0)/8
			}
			return i + 8 + bits.TrailingZeros64(m1)/8
		}
		i += 16
	}
	if i+8 <= len(b) {
		i += stringStop(binary.LittleEndian.Uint64(b[i:]))
	}
	return i
}

// scanString checks a string after its opening quote.
func scanString(b []byte, i int) int {
	for i < len(b) {
		i = skipPlain(b, i)
		if i >= len(b) {
			break
		}
		c := b[i]
		switch {
		case c == '"':
			return i + 1
		case c < 0x20:
			return scanInvalid
		case c == '\\':
			if i+1 >= len(b) {
				return scanMore
			}
			switch b[i+1] {
			case '"', '\\', '/', 'b', 'f', 'n', 'r', 't':
				i += 2
			case 'u':
				if i+6 > len(b) {
					return scanMore
				}
				for _, h := range b[i+2 : i+6] {
					if !isHex(h) {
						return scanInvalid
					}
				}
				i += 6
			default:
				return scanInvalid
			}
		default:
			i++
		}
	}
	return scanMore
}

// scanNumber checks -?(0|[1-9][0-9]*)(.[0-9]+)?([eE][+-]?[0-9]+)?. A number
// is never last in an element's buffer (a comma or bracket follows), so
// reaching the end means more bytes are needed.
func scanNumber(b []byte, i int) int {
	if b[i] == '-' {
		i++
	}
	if i >= len(b) {
		return scanMore
	}
	switch {
	case b[i] == '0':
		i++
	case b[i] >= '1' && b[i] <= '9':
		i = skipDigits(b, i+1)
	default:
		return scanInvalid
	}
	if i < len(b) && b[i] == '.' {
		j := skipDigits(b, i+1)
		if j == i+1 {
			return orMore(b, j)
		}
		i = j
	}
	if i < len(b) && (b[i] == 'e' || b[i] == 'E') {
		i++
		if i < len(b) && (b[i] == '+' || b[i] == '-') {
			i++
		}
		j := skipDigits(b, i)
		if j == i {
			return orMore(b, j)
		}
		i = j
	}
	if i >= len(b) {
		return scanMore
	}
	return i
}

// orMore is scanMore at the end of the buffer, else scanInvalid.
func orMore(b []byte, i int) int {
	if i >= len(b) {
		return scanMore
	}
	return scanInvalid
}

func scanLiteral(b []byte, i int, lit string) int {
	for k := 0; k < len(lit); k++ {
		if i+k >= len(b) {
			return scanMore
		}
		if b[i+k] != lit[k] {
			return scanInvalid
		}
	}
	return i + len(lit)
}

func skipDigits(b []byte, i int) int {
	for i < len(b) && b[i] >= '0' && b[i] <= '9' {
		i++
	}
	return i
}

func skipSpace(b []byte, i int) int {
	for i < len(b) {
		switch b[i] {
		case ' ', '\t', '\n', '\r':
			i++
		default:
			return i
		}
	}
	return i
}

func isHex(c byte) bool {
	return c >= '0' && c <= '9' || c >= 'a' && c <= 'f' || c >= 'A' && c <= 'F'
}
