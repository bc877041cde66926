package output

import (
	"bufio"
	"bytes"
	"io"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/ndjson"
)

// StreamWriter prints the messages of one Durable Stream: NDJSON records
// (package ndjson) or readable lines.
type StreamWriter struct {
	w       *bufio.Writer
	records *ndjson.StreamWriter // nil: readable lines
	buf     bytes.Buffer
	sink    *lineSink // readable lines with filters or time stamps; nil: plain
	// text is the unterminated last line of a text stream while a sink
	// needs whole lines.
	text []byte
}

// NewStreamWriter writes NDJSON records when asJSON, readable lines otherwise.
// stream names the stream in each record (a URL without credentials).
func NewStreamWriter(w io.Writer, stream string, asJSON bool) *StreamWriter {
	s := &StreamWriter{w: bufio.NewWriterSize(w, 64<<10)}
	if asJSON {
		s.records = ndjson.NewStreamWriter(s.w, stream)
	}
	return s
}

// WriteBatch writes every message of b and flushes, so the caller may commit
// b's position as soon as it returns without error.
func (s *StreamWriter) WriteBatch(b *feed.Batch) error {
	if s.records != nil {
		s.records.WriteBatch(b)
		return s.w.Flush()
	}
	for i := range b.Messages {
		if b.Kind == feed.KindText {
			s.writeText(b.Messages[i].Data)
			continue
		}
		s.writeLine(b.Kind, b.Messages[i].Data)
	}
	if b.Closed {
		s.endText()
	}
	return s.w.Flush()
}

func (s *StreamWriter) writeLine(kind feed.Kind, data []byte) {
	text := lineText(&s.buf, kind, data)
	if s.sink != nil {
		s.sink.line(stylePlain, text, time.Time{})
		return
	}
	s.w.WriteString(text)
	s.w.WriteByte('\n')
}
