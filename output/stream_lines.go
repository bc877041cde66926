package output

import (
	"bytes"
	"encoding/base64"
	"strconv"
	"unicode/utf8"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/ndjson"
	"github.com/dstail/dstail/sanitize"
)

// WithLineOptions applies --include, --exclude and --timestamps to the
// readable lines; JSON records are never filtered. It returns s.
func (s *StreamWriter) WithLineOptions(o LineOptions) *StreamWriter {
	if s.records == nil && (o.Filter.FiltersLines() || o.Timestamps != TimestampsOff || o.Color) {
		s.sink = newLineSink(s.w, o)
	}
	return s
}

// lineText is a message as one readable line (see writeLine).
func lineText(buf *bytes.Buffer, kind feed.Kind, data []byte) string {
	switch {
	case kind == feed.KindJSON:
		return sanitize.Line(string(ndjson.Compact(buf, data)))
	case kind == feed.KindLines || utf8.Valid(data) && !bytes.ContainsRune(data, 0):
		return sanitize.Line(string(data))
	}
	return strconv.Itoa(len(data)) + " bytes: " + base64.StdEncoding.EncodeToString(data)
}
