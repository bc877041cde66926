package tui

import (
	"bytes"
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"

	"github.com/dstail/dstail/feed"
)

// streamEntry is one Durable Streams message as the UI keeps it.
type streamEntry struct {
	Kind feed.Kind
	Data string
	At   time.Time // when it arrived, shown with timestamps on
}

// renderStreamEntry renders one stream message: JSON compacted onto one
// (wrapped) line, or indented when expanded; text as is, binary data as its
// size.
func renderStreamEntry(st *Styles, o renderOpts, e streamEntry) []string {
	lines := renderStreamData(st, o, e)
	if o.Timestamps && !e.At.IsZero() && len(lines) > 0 {
		lines = append([]string{oneLine(e.At.Format(o.TimeLayout), o.Width, st.Meta)}, lines...)
	}
	return lines
}

func renderStreamData(st *Styles, o renderOpts, e streamEntry) []string {
	switch {
	case e.Kind == feed.KindJSON && o.Expanded:
		if pretty := e.prettyJSON(); pretty != "" {
			return block(clean(pretty), o, "", st.Text)
		}
	case e.Kind == feed.KindJSON:
		var buf bytes.Buffer
		if json.Compact(&buf, []byte(e.Data)) == nil {
			return block(cleanLine(buf.String()), o, "", st.Text)
		}
	case !utf8.ValidString(e.Data):
		return []string{oneLine(fmt.Sprintf("‹%d bytes of binary data›", len(e.Data)), o.Width, st.Meta)}
	}
	text := clean(e.Data)
	if text == "" && e.Kind == feed.KindText {
		return []string{""} // an empty line of a text stream
	}
	if text == "" {
		return []string{oneLine("‹empty›", o.Width, st.Meta)}
	}
	return block(text, o, "", st.Text)
}

// prettyJSON is the message indented, or "" when it is not a JSON object or
// array (a scalar looks the same either way).
func (e streamEntry) prettyJSON() string {
	if e.Kind != feed.KindJSON {
		return ""
	}
	data := bytes.TrimSpace([]byte(e.Data))
	if len(data) == 0 || data[0] != '{' && data[0] != '[' {
		return ""
	}
	var buf bytes.Buffer
	if json.Indent(&buf, data, "", "  ") != nil {
		return ""
	}
	return buf.String()
}
