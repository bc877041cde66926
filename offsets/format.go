package offsets

import (
	"encoding/json"
	"fmt"
	"time"
	"unicode/utf8"
)

// formatVersion is written into every file; decode refuses anything newer.
const formatVersion = 1

// maxFileSize bounds what Load reads: real files are a few hundred bytes.
const maxFileSize = 64 << 10

// record is the on-disk form of one entry.
type record struct {
	Version  int       `json:"version"`
	Server   string    `json:"server"`
	Stream   string    `json:"stream"`
	Position Position  `json:"position"`
	Updated  time.Time `json:"updated"`
}

// encode returns the file contents for r, or an error if r could not be read
// back by decode (so a bad value fails the write instead of the next start).
func encode(r record) ([]byte, error) {
	r.Updated = r.Updated.UTC()
	if reason := r.invalid(); reason != "" {
		return nil, fmt.Errorf("offsets: cannot encode position: %s", reason)
	}
	b, err := json.MarshalIndent(r, "", "  ")
	if err != nil {
		return nil, fmt.Errorf("offsets: cannot encode position: %w", err)
	}
	return append(b, '\n'), nil
}

// decode parses file contents; path only labels the error.
func decode(path string, data []byte) (record, error) {
	if len(data) == 0 {
		return record{}, corrupt(path, "empty file", nil)
	}
	if len(data) > maxFileSize {
		return record{}, corrupt(path, fmt.Sprintf("larger than %d bytes", maxFileSize), nil)
	}
	// Read the version first: a newer format may not fit today's struct.
	var head struct {
		Version *int `json:"version"`
	}
	if err := json.Unmarshal(data, &head); err != nil {
		return record{}, corrupt(path, "not valid JSON (truncated?)", err)
	}
	switch {
	case head.Version == nil:
		return record{}, corrupt(path, "no format version", nil)
	case *head.Version > formatVersion:
		return record{}, corrupt(path, fmt.Sprintf("format version %d", *head.Version), ErrFutureVersion)
	case *head.Version < 1:
		return record{}, corrupt(path, fmt.Sprintf("format version %d", *head.Version), nil)
	}
	var r record
	if err := json.Unmarshal(data, &r); err != nil {
		return record{}, corrupt(path, "unexpected content", err)
	}
	if reason := r.invalid(); reason != "" {
		return record{}, corrupt(path, reason, nil)
	}
	return r, nil
}

// invalid returns why r must not be written or trusted, or "".
func (r record) invalid() string {
	p := r.Position
	switch {
	case r.Version != formatVersion:
		return fmt.Sprintf("format version %d", r.Version)
	case r.Server == "" || r.Stream == "":
		return "missing server or stream"
	case !utf8.ValidString(r.Server) || !utf8.ValidString(r.Stream):
		return "server or stream is not valid UTF-8"
	case !utf8.ValidString(p.Offset) || !utf8.ValidString(p.EventID) || !utf8.ValidString(p.Cursor):
		return "position text is not valid UTF-8"
	case p.Skip < 0 || p.Seq < 0:
		return "negative skip or seq"
	}
	// time.Time refuses to marshal years outside 0..9999.
	if y := r.Updated.UTC().Year(); y < 0 || y > 9999 {
		return "updated time out of range"
	}
	return ""
}
