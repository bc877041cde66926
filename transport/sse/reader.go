// Package sse reads a Server-Sent Events stream (the WHATWG event-stream
// format) in place: an event's data is gathered in a buffer the reader
// reuses, so a stream of small events allocates nothing per event. Field
// by field it reads as github.com/tmaxmax/go-sse does (its Read is this
// package's test oracle), which the project read with before; that one
// copies every line and every event's data into new strings, the larger
// part of the work per event of a fast stream.
package sse

import (
	"bufio"
	"bytes"
	"io"
)

// ErrTooLong is returned for an event (or a line) larger than the limit.
// It is bufio.ErrTooLong, as go-sse returned it.
var ErrTooLong = bufio.ErrTooLong

// Event is one dispatched event.
type Event struct {
	// Type is the event: field, "" when the event named none.
	Type string
	// Data is the event's data: fields joined by "\n". It is valid until
	// the next call of Next.
	Data []byte
}

const (
	firstBuffer = 32 << 10
	// keepBuffer is the most a buffer keeps once what grew it is read.
	keepBuffer = 1 << 20
	bom        = "\xEF\xBB\xBF"
	// maxEmptyReads bounds reads that return nothing and no error, as
	// bufio does: a body that does so forever is broken.
	maxEmptyReads = 100
)

// Reader reads events from an io.Reader.
type Reader struct {
	r        io.Reader
	max      int // bytes an event (its lines and its data) may take
	buf      []byte
	pos, end int   // unread bytes are buf[pos:end]
	err      error // of the underlying reader, once it failed or ended
	scanned  int   // bytes of buf[pos:end] known to hold no line end
	skipLF   bool  // the last line ended with CR: a LF next belongs to it
	started  bool  // past a leading byte-order mark
	data     []byte
	typ      string
	named    string // the last event: name read, kept to not copy it again
	dirty    bool   // a field of the event being read was set
}

// NewReader reads from r; an event or line larger than maxEventSize bytes
// (bufio.MaxScanTokenSize when not positive, as go-sse) ends the stream
// with ErrTooLong.
func NewReader(r io.Reader, maxEventSize int) *Reader {
	return newReaderSize(r, maxEventSize, firstBuffer)
}

// newReaderSize starts with a buffer of first bytes (tests start small to
// exercise growth).
func newReaderSize(r io.Reader, maxEventSize, first int) *Reader {
	if maxEventSize <= 0 {
		maxEventSize = bufio.MaxScanTokenSize
	}
	return &Reader{r: r, max: maxEventSize, buf: make([]byte, min(first, maxEventSize+2))}
}

// Next returns the next event. At the end of the stream it returns io.EOF;
// an event left without its closing blank line is not dispatched, and a
// failing body's error is returned as it is.
func (r *Reader) Next() (Event, error) {
	if cap(r.data) > keepBuffer {
		r.data = nil // one large event does not keep its size for good
	}
	for {
		line, err := r.line()
		if err != nil {
			return Event{}, err
		}
		if len(line) == 0 {
			if r.dirty {
				ev := Event{Type: r.typ, Data: r.data}
				if len(ev.Data) > 0 {
					ev.Data = ev.Data[:len(ev.Data)-1] // the "\n" after the last field
				}
				r.data, r.typ, r.dirty = r.data[:0], "", false
				return ev, nil
			}
			continue
		}
		if err := r.field(line); err != nil {
			return Event{}, err
		}
	}
}

// field takes one line that is not blank: data, event and id fields count,
// every other one (comments, retry, unknown names) is skipped.
func (r *Reader) field(line []byte) error {
	name, value := line, []byte(nil)
	if colon := bytes.IndexByte(line, ':'); colon >= 0 {
		name, value = line[:colon], line[colon+1:]
		if len(value) > 0 && value[0] == ' ' {
			value = value[1:]
		}
	}
	switch string(name) {
	case "data":
		if len(r.data)+len(value)+1 > r.max {
			return ErrTooLong
		}
		r.data = append(append(r.data, value...), '\n')
		r.dirty = true
	case "event":
		if string(value) != r.named {
			r.named = string(value) // a stream repeats a few names
		}
		r.typ, r.dirty = r.named, true
	case "id":
		// An id holding NUL is ignored (the spec); the id itself is not
		// used by any reader of this project.
		if bytes.IndexByte(value, 0) < 0 {
			r.dirty = true
		}
	}
	return nil
}

// line returns the next line without its end (LF, CR or CRLF), valid until
// the next call.
func (r *Reader) line() ([]byte, error) {
	for {
		seg := r.buf[r.pos:r.end]
		if r.skipLF && len(seg) > 0 {
			r.skipLF = false
			if seg[0] == '\n' {
				r.pos++
				seg = seg[1:]
			}
		}
		if !r.started && r.startDecided(seg) {
			continue // seg is read again from past the byte-order mark
		}
		if r.started {
			// Bytes already looked at for a line end are not looked at
			// again: a long line may come in many small reads.
			from := r.scanned
			lf := bytes.IndexByte(seg[from:], '\n')
			upto := seg
			if lf >= 0 {
				lf += from
				upto = seg[:lf]
			}
			if cr := bytes.IndexByte(upto[from:], '\r'); cr >= 0 {
				r.pos += from + cr + 1
				r.skipLF, r.scanned = true, 0
				return seg[:from+cr], nil
			}
			if lf >= 0 {
				r.pos += lf + 1
				r.scanned = 0
				return seg[:lf], nil
			}
			r.scanned = len(seg)
		}
		if err := r.fill(); err != nil {
			return nil, err
		}
	}
}

// startDecided drops a byte-order mark that opens the stream. Until three
// bytes are here (or the body ended) a start that may be one waits.
func (r *Reader) startDecided(seg []byte) bool {
	if len(seg) < len(bom) && r.err == nil && string(seg) == bom[:len(seg)] {
		return false
	}
	if bytes.HasPrefix(seg, []byte(bom)) {
		r.pos += len(bom)
	}
	r.started = true
	return true
}

// fill reads more of the body, keeping the unread bytes; the buffer grows
// for a long line, up to the limit.
func (r *Reader) fill() error {
	if r.err != nil {
		return r.err
	}
	if r.pos == r.end {
		r.pos, r.end = 0, 0
		if len(r.buf) > keepBuffer {
			r.buf = make([]byte, firstBuffer) // a long line read does not keep its size for good
		}
	}
	if r.pos > 0 {
		r.end = copy(r.buf, r.buf[r.pos:r.end])
		r.pos = 0
	}
	if r.end == len(r.buf) {
		if len(r.buf) >= r.max+2 { // a line, its CRLF included, over the limit
			return ErrTooLong
		}
		grown := make([]byte, min(2*len(r.buf), r.max+2))
		copy(grown, r.buf[:r.end])
		r.buf = grown
	}
	for range maxEmptyReads {
		n, err := r.r.Read(r.buf[r.end:])
		r.end += n
		if err != nil {
			r.err = err
		}
		if n > 0 || err != nil {
			// Bytes read before an error are read first; the error comes
			// back once nothing complete is left.
			if n == 0 {
				return err
			}
			return nil
		}
	}
	r.err = io.ErrNoProgress
	return r.err
}
