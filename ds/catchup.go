package ds

import (
	"errors"
	"fmt"
	"io"

	"github.com/dstail/dstail/internal/jsonarray"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// catchUpSlice is about how many message bytes are handed on at a time
// while a JSON response streams in: memory stays flat whatever the length
// of the stream, and each slice costs the caller one write and one position
// commit.
const catchUpSlice = 256 << 10

// streamJSON hands on the elements of a JSON response as they arrive, in
// slices. A slice before the last carries the position inside the response
// (the offset asked for plus the messages handed on), so a connection cut
// mid-body resumes without loss or repetition; the last slice completes the
// response as deliver does. progress reports that something was handed on.
func (r *streamReader) streamJSON(body io.Reader, next string, upToDate, closed bool) (progress bool, err error) {
	start, skip := r.offset, r.framer.skip
	var seen int64 // elements of this response read so far
	var held int   // bytes of the messages not handed on yet
	var msgs []feed.Message
	ar := jsonarray.NewReader(body, r.opts.MaxEventSize)
	// Messages are the reader's own bytes, handed on without a copy and
	// released once handed on: a response of any length is read through
	// the same few buffers, and a message is valid only until onBatch
	// returns.
	ar.KeepElements(catchUpSlice)
	for {
		elem, err := ar.Next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return progress, r.bodyError(err)
		}
		seen++
		if seen <= skip { // handed on before a cut: nothing is held yet
			ar.Release()
			continue
		}
		held += len(elem)
		msgs = append(msgs, feed.Message{Data: elem[:len(elem):len(elem)], After: feed.Position{Offset: start, Skip: seen}})
		if held >= catchUpSlice {
			if err := r.handOnSlice(next, feed.Position{Offset: start, Skip: seen}, msgs); err != nil {
				return true, err
			}
			ar.Release()
			progress, held = true, 0
			msgs = msgs[:0]
		}
	}
	f := r.framer
	f.skip = max(skip-seen, 0)
	f.after = feed.Position{Offset: next, Skip: f.skip}
	if n := len(msgs); n > 0 {
		msgs[n-1].After = f.after
	}
	return true, r.finish(next, msgs, upToDate, closed)
}

// handOnSlice passes on part of a response. A retry from the same offset
// then drops what this slice handed on.
func (r *streamReader) handOnSlice(next string, after feed.Position, msgs []feed.Message) error {
	r.framer.after = after
	if err := r.handOn(next, msgs); err != nil {
		return err
	}
	r.framer.skip = after.Skip
	return nil
}

// handOn passes on messages of a response not read whole yet, up to the
// framer's position.
func (r *streamReader) handOn(next string, msgs []feed.Message) error {
	b := &feed.Batch{Kind: r.kind, Offset: next, Messages: msgs, After: r.framer.after}
	if err := r.onBatch(b); err != nil {
		return transport.HandlerError{Err: err}
	}
	return nil
}

// streamBody hands on a response of a line, text or byte stream as it
// arrives, in slices of up to catchUpSlice bytes, as streamJSON does for
// JSON: memory stays flat whatever the length of the response, and
// --max-event-size bounds one line, not the response. A slice before the
// last carries the position inside the response. When the connection
// breaks mid-body, the retry reads from the framer's position, exactly as
// a restarted dstail would from the saved one.
func (r *streamReader) streamBody(body io.Reader, next string, upToDate, closed bool) (progress bool, err error) {
	f, start := r.framer, r.offset
	f.consumed = 0
	buf := make([]byte, catchUpSlice) // read into again once a slice is handed on
	for {
		n, err := fill(body, buf)
		final := err == io.EOF
		if err != nil && !final {
			r.resumeFrom(f.after)
			return progress, fmt.Errorf("reading %s: %w", r.what, err)
		}
		msgs, ferr := f.feedChunk(start, next, buf[:n], final)
		if ferr != nil {
			return progress, r.bodyError(ferr)
		}
		if final {
			if closed {
				msgs = append(msgs, f.flush(next)...)
			}
			return true, r.finish(next, msgs, upToDate, closed)
		}
		if len(msgs) > 0 {
			if err := r.handOn(next, msgs); err != nil {
				return true, err
			}
			progress = true
		}
	}
}

// fill reads into buf until it is full or the body ends (io.EOF) or
// fails; a body cut short is io.ErrUnexpectedEOF, never io.EOF.
func fill(body io.Reader, buf []byte) (int, error) {
	n := 0
	for n < len(buf) {
		m, err := body.Read(buf[n:])
		n += m
		if err != nil {
			return n, err
		}
	}
	return n, nil
}

// resumeFrom makes the next read start at p, with nothing held: what was
// handed on before p is dropped again by the skip, what was held is read
// again.
func (r *streamReader) resumeFrom(p feed.Position) {
	r.offset = p.Offset
	r.framer.skip, r.framer.partial, r.framer.consumed = p.Skip, nil, 0
}

// bodyError classifies a failure while reading a response: a bad body or
// an oversized message is a protocol error, a broken read is retried.
func (r *streamReader) bodyError(err error) error {
	switch {
	case errors.Is(err, errBodyTooLarge):
		return &transport.ProtocolError{What: r.what, Msg: fmt.Sprintf("message larger than %d bytes (raise --max-event-size)", r.opts.MaxEventSize)}
	case errors.Is(err, errInvalidBatch):
		return &transport.ProtocolError{What: r.what, Msg: err.Error()}
	}
	return fmt.Errorf("reading %s: %w", r.what, err)
}
