package app

import (
	"bytes"
	"encoding/json"
	"io"

	"github.com/dstail/dstail/ndjson"
)

// jsonLines writes one JSON record per line in which no string from a
// server carries a raw control, bidi or zero-width rune: encoding/json
// leaves them raw, so each line goes through ndjson.SafeJSON, the
// escaping every --json record gets.
type jsonLines struct {
	w   io.Writer
	buf bytes.Buffer
	enc *json.Encoder
}

func newJSONLines(w io.Writer) *jsonLines {
	j := &jsonLines{w: w}
	j.enc = json.NewEncoder(&j.buf)
	j.enc.SetEscapeHTML(false)
	return j
}

func (j *jsonLines) Encode(v any) error {
	j.buf.Reset()
	if err := j.enc.Encode(v); err != nil {
		return err
	}
	line := ndjson.SafeJSON(bytes.TrimSuffix(j.buf.Bytes(), []byte("\n")))
	_, err := j.w.Write(append(line, '\n'))
	return err
}
