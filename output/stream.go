package output

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"
	"io"
	"strconv"
	"time"
	"unicode/utf8"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/sanitize"
)

// StreamWriter prints the messages of one Durable Stream.
type StreamWriter struct {
	w      *bufio.Writer
	json   bool
	prefix []byte // `{"stream":"…","offset":` with the stream name pre-encoded
	buf    bytes.Buffer
	sink   *lineSink // readable lines with filters or time stamps; nil: plain
	// text is the unterminated last line of a text stream while a sink
	// needs whole lines.
	text []byte
}

// NewStreamWriter writes NDJSON records when asJSON, readable lines otherwise.
// stream names the stream in each record (a URL without credentials).
func NewStreamWriter(w io.Writer, stream string, asJSON bool) *StreamWriter {
	name, _ := json.Marshal(stream)
	prefix := append(append([]byte(`{"stream":`), name...), `,"offset":`...)
	return &StreamWriter{w: bufio.NewWriterSize(w, 64<<10), json: asJSON, prefix: prefix}
}

// WriteBatch writes every message of b and flushes, so the caller may commit
// b's position as soon as it returns without error.
func (s *StreamWriter) WriteBatch(b *feed.Batch) error {
	offset, _ := json.Marshal(b.Offset)
	var ob bytes.Buffer
	offset = terminalSafeJSON(&ob, offset) // the server chose it
	for i := range b.Messages {
		if b.Kind == feed.KindText {
			s.writeText(offset, b.Messages[i].Data)
			continue
		}
		if s.json {
			s.writeRecord(b.Kind, offset, b.Messages[i].Data)
		} else {
			s.writeLine(b.Kind, b.Messages[i].Data)
		}
	}
	if b.Closed {
		s.endText()
	}
	return s.w.Flush()
}

// writeRecord emits {"stream":…,"offset":…,"data":…}; offset is the
// Stream-Next-Offset of the batch that delivered the message.
func (s *StreamWriter) writeRecord(kind feed.Kind, offset, data []byte) {
	w := s.w
	w.Write(s.prefix)
	w.Write(offset)
	w.WriteString(`,"data":`)
	switch kind {
	case feed.KindJSON:
		w.Write(terminalSafeJSON(&s.buf, data))
	case feed.KindLines:
		writeJSONString(w, data)
	default:
		w.WriteByte('"')
		enc := base64.NewEncoder(base64.StdEncoding, w)
		enc.Write(data)
		enc.Close()
		w.WriteByte('"')
	}
	w.WriteString("}\n")
}

func (s *StreamWriter) writeLine(kind feed.Kind, data []byte) {
	if s.sink != nil {
		s.sink.line(stylePlain, lineText(&s.buf, kind, data), time.Time{})
		return
	}
	switch {
	case kind == feed.KindJSON:
		s.w.WriteString(sanitize.Line(string(compactJSON(&s.buf, data))))
	case kind == feed.KindLines || utf8.Valid(data) && !bytes.ContainsRune(data, 0):
		s.w.WriteString(sanitize.Line(string(data)))
	default:
		s.w.WriteString(strconv.Itoa(len(data)) + " bytes: " + base64.StdEncoding.EncodeToString(data))
	}
	s.w.WriteByte('\n')
}

// compactJSON keeps a record on one line; most messages need no work.
func compactJSON(buf *bytes.Buffer, data []byte) []byte {
	if !bytes.ContainsAny(data, "\n\r") {
		return data
	}
	buf.Reset()
	if json.Compact(buf, data) != nil {
		return data
	}
	return buf.Bytes()
}

// writeJSONString encodes text as a JSON string; invalid UTF-8 becomes
// U+FFFD and C1 controls are escaped, as in terminalSafeJSON.
func writeJSONString(w *bufio.Writer, data []byte) {
	enc, _ := json.Marshal(string(data))
	if !isPlainASCII(enc) {
		var buf bytes.Buffer
		enc = terminalSafeJSON(&buf, enc)
	}
	w.Write(enc)
}
