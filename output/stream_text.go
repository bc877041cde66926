package output

import (
	"bytes"
	"time"

	"github.com/dstail/dstail/sanitize"
)

// writeText writes a chunk of a text/* stream exactly as it arrived: no
// newline is added and none is dropped, so a partial line shows at once,
// as with tail -f. Readable output drops only what sanitize.Text drops
// (escape sequences and control characters other than tab and newline).
func (s *StreamWriter) writeText(data []byte) {
	switch {
	case s.sink != nil:
		s.textLines(data)
	default:
		s.w.WriteString(sanitize.Text(string(data)))
	}
}

// textLines hands complete lines to the sink, which filters and stamps
// whole lines; the unterminated rest waits for its newline or the end.
func (s *StreamWriter) textLines(data []byte) {
	s.text = append(s.text, data...)
	for {
		i := bytes.IndexByte(s.text, '\n')
		if i < 0 {
			return
		}
		line := bytes.TrimSuffix(s.text[:i], []byte("\r"))
		s.sink.line(stylePlain, sanitize.Line(string(line)), time.Time{})
		s.text = s.text[i+1:]
	}
}

// endText shows the last line of a closed text stream that a sink held.
func (s *StreamWriter) endText() {
	if s.sink != nil && len(s.text) > 0 {
		s.sink.line(stylePlain, sanitize.Line(string(s.text)), time.Time{})
	}
	s.text = nil
}
