package ds

import (
	"bytes"
	"errors"
	"fmt"
	"io"
)

// arrayReader splits a JSON array read from a response body into its
// elements as the bytes arrive, so a catch-up of any length holds one read
// buffer and the elements not yet handed on, never the whole body: limit
// bounds one element (and what a body not starting with '[' holds), not the
// length of the body. Each
// element is checked by scanValue; the body as a whole is accepted exactly
// when json.Unmarshal into []json.RawMessage would accept it.
type arrayReader struct {
	r     io.Reader
	limit int // largest element accepted, in bytes

	buf   []byte // unread bytes are buf[pos:]
	pos   int
	eof   bool
	open  bool // the opening bracket was read
	done  bool // the closing bracket was read
	count int  // elements returned so far

	// whole holds the elements of a body that did not start with '['
	// (leading form feed, say), split whole by splitJSONArray.
	whole [][]byte
}

// arrayChunk is how much a read asks for at a time.
const arrayChunk = 64 << 10

var (
	errBodyTooLarge = errors.New("element too large")
	errInvalidBatch = errors.New("invalid JSON batch")
)

func newArrayReader(r io.Reader, limit int) *arrayReader {
	return &arrayReader{r: r, limit: limit, buf: make([]byte, 0, arrayChunk)}
}

// next returns the next element (valid only until the following call) or
// io.EOF after the closing bracket and trailing whitespace. A body that does
// not start with '[' is judged whole by splitJSONArray, exactly as before.
func (a *arrayReader) next() ([]byte, error) {
	if len(a.whole) > 0 {
		elem := a.whole[0]
		a.whole = a.whole[1:]
		return elem, nil
	}
	if !a.open {
		c, err := a.firstByte()
		if err != nil {
			return nil, err
		}
		a.open = true
		if c != '[' {
			if err := a.notArray(); err != nil {
				return nil, err
			}
			return a.next()
		}
		a.pos++
	}
	if a.done {
		return nil, a.trailer()
	}
	return a.element()
}

// notArray judges a body that does not start with '[' (null, or an array
// after whitespace JSON does not know) as a whole.
func (a *arrayReader) notArray() error {
	a.done = true
	rest, err := a.rest()
	if err != nil {
		return err
	}
	values, err := splitJSONArray(rest)
	if err != nil {
		return fmt.Errorf("%w: %w", errInvalidBatch, err)
	}
	for _, v := range values {
		a.whole = append(a.whole, v)
	}
	a.pos = len(a.buf)
	return nil
}

// element checks the next element with scanValue and returns it. When the
// buffer ends inside it, the element is scanned again once at least twice as
// many of its bytes are in (so a huge element costs linear time, not
// quadratic).
func (a *arrayReader) element() ([]byte, error) {
	for {
		start := skipSpace(a.buf, a.pos)
		if start < len(a.buf) && a.buf[start] == ']' && a.count == 0 {
			a.pos, a.done = start+1, true
			return nil, a.trailer() // an empty array
		}
		end := scanValue(a.buf, start, 1) // the array itself is the first level
		if end >= 0 {
			after := skipSpace(a.buf, end)
			if after < len(a.buf) {
				switch a.buf[after] {
				case ',':
				case ']':
					a.done = true
				default:
					return nil, fmt.Errorf("%w: malformed element", errInvalidBatch)
				}
				if end-start > a.limit {
					return nil, errBodyTooLarge
				}
				a.pos = after + 1
				a.count++
				return a.buf[start:end], nil
			}
			end = scanMore
		}
		if end == scanInvalid {
			return nil, fmt.Errorf("%w: malformed element", errInvalidBatch)
		}
		want := max(2*(len(a.buf)-a.pos), 1)
		for first := true; first || len(a.buf)-a.pos < want && !a.eof; first = false {
			if err := a.fill(a.pos); err != nil {
				return nil, err
			}
		}
	}
}

// trailer accepts only whitespace after the closing bracket.
func (a *arrayReader) trailer() error {
	for {
		if len(bytes.TrimSpace(a.buf[a.pos:])) > 0 { // as splitJSONArray trims
			return fmt.Errorf("%w: data after the closing bracket", errInvalidBatch)
		}
		a.pos = len(a.buf)
		if err := a.fill(a.pos); err != nil {
			return err
		}
	}
}

// firstByte skips leading whitespace; an empty body has no elements.
func (a *arrayReader) firstByte() (byte, error) {
	for {
		for a.pos < len(a.buf) {
			switch c := a.buf[a.pos]; c {
			case ' ', '\t', '\n', '\r':
				a.pos++
			default:
				return c, nil
			}
		}
		if err := a.fill(a.pos); err != nil {
			return 0, err
		}
	}
}

// rest reads the remaining body (within the limit).
func (a *arrayReader) rest() ([]byte, error) {
	for {
		if err := a.fill(a.pos); err == io.EOF {
			if len(a.buf)-a.pos > a.limit {
				return nil, errBodyTooLarge
			}
			return a.buf[a.pos:], nil
		} else if err != nil {
			return nil, err
		}
	}
}

// fill reads more bytes, first dropping everything before keep (positions
// into buf move back by keep). It returns io.EOF at the end of the body, an
// invalid-batch error when the body ends inside the array, or the read error.
func (a *arrayReader) fill(keep int) error {
	if a.eof {
		if a.open && !a.done {
			return fmt.Errorf("%w: %w", errInvalidBatch, io.ErrUnexpectedEOF)
		}
		return io.EOF
	}
	n := copy(a.buf, a.buf[keep:])
	a.buf = a.buf[:n]
	a.pos -= keep
	if n > a.limit { // all of it belongs to one unfinished element
		return errBodyTooLarge
	}
	if cap(a.buf)-n < arrayChunk/2 {
		a.buf = append(make([]byte, 0, 2*cap(a.buf)), a.buf...)
	}
	got, err := a.r.Read(a.buf[n:cap(a.buf)])
	a.buf = a.buf[:n+got]
	if err == io.EOF {
		a.eof = true
		err = nil
	}
	return err
}
