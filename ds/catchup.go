package ds

import (
	"errors"
	"fmt"
	"io"

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
	arena := make([]byte, 0, catchUpSlice)
	var msgs []feed.Message
	ar := newArrayReader(body, r.opts.MaxEventSize)
	for {
		elem, err := ar.next()
		if err == io.EOF {
			break
		}
		if err != nil {
			return progress, r.bodyError(err)
		}
		seen++
		if seen <= skip {
			continue
		}
		if len(msgs) > 0 && len(arena)+len(elem) > cap(arena) {
			if err := r.handOnSlice(next, feed.Position{Offset: start, Skip: seen - 1}, msgs); err != nil {
				return true, err
			}
			progress = true
			arena, msgs = make([]byte, 0, max(catchUpSlice, len(elem))), nil
		}
		off := len(arena)
		arena = append(arena, elem...)
		msgs = append(msgs, feed.Message{Data: arena[off:len(arena):len(arena)], After: feed.Position{Offset: start, Skip: seen}})
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
	b := &feed.Batch{Kind: r.kind, Offset: next, Messages: msgs, After: after}
	if err := r.onBatch(b); err != nil {
		return transport.HandlerError{Err: err}
	}
	r.framer.skip = after.Skip
	return nil
}

// bodyError classifies a failure while reading a JSON response: a bad or
// oversized body is a protocol error, a broken read is retried.
func (r *streamReader) bodyError(err error) error {
	switch {
	case errors.Is(err, errBodyTooLarge):
		return &transport.ProtocolError{What: r.what, Msg: fmt.Sprintf("message larger than %d bytes (raise --max-event-size)", r.opts.MaxEventSize)}
	case errors.Is(err, errInvalidBatch):
		return &transport.ProtocolError{What: r.what, Msg: err.Error()}
	}
	return fmt.Errorf("reading %s: %w", r.what, err)
}
