package ndjson

import (
	"bufio"
	"bytes"
	"encoding/base64"
	"encoding/json"

	"github.com/dstail/dstail/feed"
)

// StreamWriter writes the records of one Durable Stream:
// {"stream":…,"offset":…,"data":…}, where offset is the Stream-Next-Offset
// of the batch that delivered the message and data is the JSON message, a
// line as a string, a text chunk as a string (with "chunk":true), or other
// bytes in base64.
type StreamWriter struct {
	w      *bufio.Writer
	prefix []byte // `{"stream":"…","offset":` with the stream name pre-encoded
	buf    bytes.Buffer
}

// NewStreamWriter writes to w; stream names the stream in each record (a URL
// without credentials). The caller flushes w.
func NewStreamWriter(w *bufio.Writer, stream string) *StreamWriter {
	name, _ := json.Marshal(stream)
	prefix := append(append([]byte(`{"stream":`), name...), `,"offset":`...)
	return &StreamWriter{w: w, prefix: prefix}
}

// WriteBatch writes one record per message of b.
func (s *StreamWriter) WriteBatch(b *feed.Batch) {
	offset, _ := json.Marshal(b.Offset)
	var ob bytes.Buffer
	offset = safeJSON(&ob, offset) // the server chose it
	for i := range b.Messages {
		s.writeRecord(b.Kind, offset, b.Messages[i].Data)
	}
}

func (s *StreamWriter) writeRecord(kind feed.Kind, offset, data []byte) {
	w := s.w
	w.Write(s.prefix)
	w.Write(offset)
	w.WriteString(`,"data":`)
	switch kind {
	case feed.KindJSON:
		w.Write(safeJSON(&s.buf, data))
	case feed.KindLines:
		writeString(w, data)
	case feed.KindText:
		// The chunk exactly as it arrived: joining the "data" of every
		// record gives back the stream's text.
		writeString(w, data)
		w.WriteString(`,"chunk":true}` + "\n")
		return
	default:
		w.WriteByte('"')
		enc := base64.NewEncoder(base64.StdEncoding, w)
		enc.Write(data)
		enc.Close()
		w.WriteByte('"')
	}
	w.WriteString("}\n")
}
