// Package jsonarray splits a JSON array read from a stream into its
// elements as the bytes arrive, checking each in one pass: a Durable
// Streams catch-up or an OpenCode message list of any length is read in
// bounded memory, at several times the speed of encoding/json's Decoder.
package jsonarray

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
)

// Reader splits a JSON array read from a response body into its
// elements as the bytes arrive, so a catch-up of any length holds one read
// buffer and the elements not yet handed on, never the whole body: limit
// bounds one element (and what a body not starting with '[' holds), not the
// length of the body. Each
// element is checked by scanValue; the body as a whole is accepted exactly
// when json.Unmarshal into []json.RawMessage would accept it.
type Reader struct {
	r     io.Reader
	limit int // largest element accepted, in bytes

	buf   []byte // unread bytes are buf[pos:]
	pos   int
	eof   bool
	open  bool // the opening bracket was read
	done  bool // the closing bracket was read
	sep   bool // an element was handed on; the separator after it is next
	count int  // elements returned so far
	keep  int  // when not 0: elements stay valid until Release, read into buffers of this size

	// With keep: where in buf the first element returned since the last
	// Release starts (-1: none), the buffers before buf that hold such
	// elements, and released buffers to read into again.
	held    int
	retired [][]byte
	free    [][]byte

	// whole holds the elements of a body that did not start with '['
	// (leading form feed, say), split whole by SplitWhole.
	whole [][]byte
}

// SplitWhole returns the elements of one JSON array without re-encoding
// them: the whole-body rule Reader follows.
func SplitWhole(body []byte) ([]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, nil
	}
	var values []json.RawMessage
	if err := json.Unmarshal(trimmed, &values); err != nil {
		return nil, fmt.Errorf("invalid JSON batch: %w", err)
	}
	return values, nil
}

// arrayChunk is how much a read asks for at a time.
const arrayChunk = 64 << 10

var (
	// ErrTooLarge: one element (or a body that is not an array) is larger
	// than the limit.
	ErrTooLarge = errors.New("element too large")
	// ErrInvalid: the body is not what json.Unmarshal into a slice accepts.
	ErrInvalid = errors.New("invalid JSON batch")
)

// NewReader reads the array in r; limit bounds one element, in bytes.
func NewReader(r io.Reader, limit int) *Reader {
	return &Reader{r: r, limit: limit, buf: make([]byte, 0, arrayChunk), held: -1}
}

// KeepElements makes every element Next returns stay valid after later
// calls until Release, for a caller that hands elements on without copying
// them: the reader never writes over bytes it returned and the caller still
// holds, and reads into buffers of size bytes (or twice an unfinished
// element, when that is more).
func (a *Reader) KeepElements(size int) {
	a.keep, a.held = max(size, 1), -1
	if len(a.buf) == 0 {
		a.buf = make([]byte, 0, a.keep)
	}
}

// Release tells a reader with KeepElements that the caller is done with
// every element returned so far: their bytes may be read into again, so a
// body of any length goes through the same few buffers.
func (a *Reader) Release() {
	for i, b := range a.retired {
		if cap(b) == a.keep && len(a.free) < keptBuffers {
			a.free = append(a.free, b[:0])
		}
		a.retired[i] = nil
	}
	a.retired, a.held = a.retired[:0], -1
}

// keptBuffers bounds the released buffers a reader holds on to: with a
// caller that releases every buffer's worth, two are all it reads into.
const keptBuffers = 2

// Next returns the next element (valid only until the following call,
// unless KeepElements) or
// io.EOF after the closing bracket and trailing whitespace. A body that does
// not start with '[' is judged whole by SplitWhole, exactly as before.
func (a *Reader) Next() ([]byte, error) {
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
			return a.Next()
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
func (a *Reader) notArray() error {
	a.done = true
	rest, err := a.rest()
	if err != nil {
		return err
	}
	values, err := SplitWhole(rest)
	if err != nil {
		return fmt.Errorf("%w: %w", ErrInvalid, err)
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
func (a *Reader) element() ([]byte, error) {
	if a.sep {
		if err := a.separator(); err != nil {
			return nil, err
		}
		if a.done {
			return nil, a.trailer()
		}
	}
	for {
		start := skipSpace(a.buf, a.pos)
		if start < len(a.buf) && a.buf[start] == ']' && a.count == 0 {
			a.pos, a.done = start+1, true
			return nil, a.trailer() // an empty array
		}
		end := scanValue(a.buf, start, 1) // the array itself is the first level
		if end >= 0 && (skipSpace(a.buf, end) < len(a.buf) || closesItself(a.buf[end-1])) {
			// Complete. An object, array or string is known complete at its
			// last byte (a number might go on), so it is not held back until
			// the server sends what follows; the separator is read next time.
			if end-start > a.limit {
				return nil, ErrTooLarge
			}
			a.pos, a.sep = end, true
			a.count++
			if a.keep > 0 && a.held < 0 {
				a.held = start
			}
			return a.buf[start:end], nil
		}
		if end == scanInvalid {
			return nil, fmt.Errorf("%w: malformed element", ErrInvalid)
		}
		want := max(2*(len(a.buf)-a.pos), 1)
		for first := true; first || len(a.buf)-a.pos < want && !a.eof; first = false {
			if err := a.fill(a.pos); err != nil {
				return nil, err
			}
		}
	}
}

// closesItself reports a last byte after which a value cannot go on.
func closesItself(c byte) bool { return c == '}' || c == ']' || c == '"' }

// separator reads the comma or closing bracket after an element.
func (a *Reader) separator() error {
	for {
		i := skipSpace(a.buf, a.pos)
		if i < len(a.buf) {
			switch a.buf[i] {
			case ',':
			case ']':
				a.done = true
			default:
				return fmt.Errorf("%w: malformed element", ErrInvalid)
			}
			a.pos, a.sep = i+1, false
			return nil
		}
		a.pos = i
		if err := a.fill(a.pos); err != nil {
			return err
		}
	}
}

// trailer accepts only whitespace after the closing bracket.
func (a *Reader) trailer() error {
	for {
		if len(bytes.TrimSpace(a.buf[a.pos:])) > 0 { // as SplitWhole trims
			return fmt.Errorf("%w: data after the closing bracket", ErrInvalid)
		}
		a.pos = len(a.buf)
		if err := a.fill(a.pos); err != nil {
			return err
		}
	}
}

// firstByte skips leading whitespace; an empty body has no elements.
func (a *Reader) firstByte() (byte, error) {
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
func (a *Reader) rest() ([]byte, error) {
	for {
		if err := a.fill(a.pos); err == io.EOF {
			if len(a.buf)-a.pos > a.limit {
				return nil, ErrTooLarge
			}
			return a.buf[a.pos:], nil
		} else if err != nil {
			return nil, err
		}
	}
}

// nextBuffer returns an empty buffer to move unread bytes into: a released
// one, or a new one. The buffer left behind is retired while it holds
// elements the caller has not released, else kept for reuse.
func (a *Reader) nextBuffer(unread int) []byte {
	if a.keep == 0 {
		return make([]byte, 0, 2*cap(a.buf))
	}
	size := max(a.keep, 2*unread)
	next := []byte(nil)
	for i, b := range a.free {
		if cap(b) >= size {
			next = b
			a.free = append(a.free[:i], a.free[i+1:]...)
			break
		}
	}
	if next == nil {
		next = make([]byte, 0, size)
	}
	if a.held >= 0 {
		a.retired = append(a.retired, a.buf)
	} else if cap(a.buf) == a.keep && len(a.free) < keptBuffers {
		a.free = append(a.free, a.buf[:0])
	}
	a.held = -1 // what moves over was not returned yet
	return next
}

// fill reads more bytes, dropping everything before keep when it needs
// the room (positions into buf then move back by keep). It returns io.EOF
// at the end of the body, an invalid-batch error when the body ends inside
// the array, or the read error.
func (a *Reader) fill(keep int) error {
	if a.eof {
		if a.open && !a.done {
			return fmt.Errorf("%w: %w", ErrInvalid, io.ErrUnexpectedEOF)
		}
		return io.EOF
	}
	unread := len(a.buf) - keep
	if unread > a.limit { // all of it belongs to one unfinished element
		return ErrTooLarge
	}
	if cap(a.buf)-len(a.buf) < arrayChunk/2 {
		if a.held < 0 && cap(a.buf)-unread >= arrayChunk/2 {
			a.buf = a.buf[:copy(a.buf, a.buf[keep:])]
		} else { // elements still held stay as they are, or the element needs room
			next := a.nextBuffer(unread)
			a.buf = append(next, a.buf[keep:]...)
		}
		a.pos -= keep
	}
	n := len(a.buf)
	got, err := a.r.Read(a.buf[n:cap(a.buf)])
	a.buf = a.buf[:n+got]
	if err == io.EOF {
		a.eof = true
		err = nil
	}
	return err
}
