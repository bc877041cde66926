package ndjson

import (
	"bufio"
	"bytes"
	"io"
	"strconv"

	"github.com/dstail/dstail/reconcile"
)

// SessionWriter writes OpenCode events as NDJSON in the server's own terms:
// {"session":…,"seq"?:…,"id"?:…,"type":…,"data":<properties>,"synthetic"?:true}.
// id is the server's event id: folding needs it to apply each delta once.
// Applying the lines in order to an empty state yields the server's state.
type SessionWriter struct {
	w   *bufio.Writer
	buf bytes.Buffer
}

// NewSessionWriter writes to w; WriteEvents flushes once per call.
func NewSessionWriter(w io.Writer) *SessionWriter {
	return &SessionWriter{w: bufio.NewWriterSize(w, 64<<10)}
}

// WriteEvents writes one line per event and flushes.
func (s *SessionWriter) WriteEvents(events []reconcile.Event) error {
	for i := range events {
		s.writeEvent(&events[i])
	}
	return s.w.Flush()
}

func (s *SessionWriter) writeEvent(ev *reconcile.Event) {
	w := s.w
	w.WriteString(`{"session":`)
	writeText(w, ev.Session)
	if ev.Sync {
		w.WriteString(`,"seq":`)
		w.WriteString(strconv.FormatInt(ev.Seq, 10))
	}
	if ev.ID != "" {
		w.WriteString(`,"id":`)
		writeText(w, ev.ID)
	}
	w.WriteString(`,"type":`)
	writeText(w, ev.Type)
	w.WriteString(`,"data":`)
	data := ev.Data
	if len(bytes.TrimSpace(data)) == 0 {
		data = []byte("{}")
	}
	w.Write(safeJSON(&s.buf, data))
	if ev.Synthetic {
		w.WriteString(`,"synthetic":true`)
	}
	w.WriteString("}\n")
}

// SessionRecord is one event as the record WriteEvents writes, without the
// newline: one message of a relayed session's stream.
func SessionRecord(ev reconcile.Event) []byte {
	var out bytes.Buffer
	s := &SessionWriter{w: bufio.NewWriterSize(&out, 512)}
	s.writeEvent(&ev)
	_ = s.w.Flush() // a bytes.Buffer takes everything
	return bytes.TrimSuffix(out.Bytes(), []byte("\n"))
}
