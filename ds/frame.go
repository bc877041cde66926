package ds

import (
	"bytes"
	"encoding/json"
	"fmt"
	"mime"
	"strings"

	"github.com/dstail/dstail/feed"
)

// isPlainText reports a text/* content type: the one family servers send
// over SSE as plain text rather than base64.
func isPlainText(contentType string) bool {
	mt, _, err := mime.ParseMediaType(contentType)
	return err == nil && strings.HasPrefix(mt, "text/")
}

// framer turns the bytes read between two offsets into messages, carrying
// partial lines and pending skips across reads.
type framer struct {
	kind    feed.Kind
	skip    int64         // units still to drop after a resume
	partial []byte        // KindLines: an unterminated line
	after   feed.Position // position after everything handed on so far
}

func newFramer(kind feed.Kind, from feed.Position) *framer {
	return &framer{kind: kind, skip: from.Skip, after: from}
}

// feed frames the pieces read from start up to end. For JSON each piece is
// one array (SSE may send several before a control event); otherwise the
// pieces are consecutive bytes.
func (f *framer) feed(start, end string, pieces [][]byte) ([]feed.Message, error) {
	var msgs []feed.Message
	var err error
	switch f.kind {
	case feed.KindJSON:
		msgs, err = f.feedJSON(start, end, pieces)
	case feed.KindLines:
		msgs = f.feedLines(start, end, bytes.Join(pieces, nil))
	case feed.KindText:
		msgs = f.feedText(start, end, bytes.Join(pieces, nil))
	default:
		msgs = f.feedBytes(start, end, bytes.Join(pieces, nil))
	}
	if err != nil {
		return nil, err
	}
	return msgs, nil
}

func (f *framer) feedJSON(start, end string, pieces [][]byte) ([]feed.Message, error) {
	var values []json.RawMessage
	for _, p := range pieces {
		arr, err := splitJSONArray(p)
		if err != nil {
			return nil, err
		}
		values = append(values, arr...)
	}
	n := int64(len(values))
	if f.skip >= n {
		f.skip -= n
		f.after = feed.Position{Offset: end, Skip: f.skip}
		return nil, nil
	}
	msgs := make([]feed.Message, 0, n-f.skip)
	for i := f.skip; i < n; i++ {
		after := feed.Position{Offset: start, Skip: i + 1}
		if i == n-1 {
			after = feed.Position{Offset: end}
		}
		msgs = append(msgs, feed.Message{Data: values[i], After: after})
	}
	f.skip = 0
	f.after = feed.Position{Offset: end}
	return msgs, nil
}

// feedLines positions every line by the newlines counted from start, so a
// resume from (start, k) drops exactly the k lines already handed on, even
// when a line began in an earlier read.
func (f *framer) feedLines(start, end string, chunk []byte) []feed.Message {
	var msgs []feed.Message
	var seen int64
	rest := chunk
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		line := rest[:i]
		rest = rest[i+1:]
		seen++
		if f.skip > 0 {
			f.skip--
			continue
		}
		if len(f.partial) > 0 {
			line = append(f.partial, line...)
			f.partial = nil
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		msgs = append(msgs, feed.Message{Data: line, After: feed.Position{Offset: start, Skip: seen}})
	}
	if f.skip == 0 && len(rest) > 0 {
		f.partial = append(f.partial, rest...)
	}
	switch {
	case f.skip > 0:
		f.after = feed.Position{Offset: end, Skip: f.skip}
	case len(f.partial) == 0:
		f.after = feed.Position{Offset: end}
		if n := len(msgs); n > 0 && len(rest) == 0 {
			msgs[n-1].After = f.after
		}
	case seen > 0:
		f.after = feed.Position{Offset: start, Skip: seen}
	}
	return msgs
}

// flush hands on an unterminated last line once the stream has ended at
// end: no newline can follow any more.
func (f *framer) flush(end string) []feed.Message {
	if len(f.partial) == 0 {
		return nil
	}
	if f.kind == feed.KindText {
		data := f.partial
		f.partial = nil
		f.after = feed.Position{Offset: end}
		return []feed.Message{{Data: data, After: f.after}}
	}
	line := bytes.TrimSuffix(f.partial, []byte("\r"))
	f.partial = nil
	f.after = feed.Position{Offset: end}
	return []feed.Message{{Data: line, After: f.after}}
}

func (f *framer) feedBytes(start, end string, chunk []byte) []feed.Message {
	if f.skip > 0 {
		drop := min(f.skip, int64(len(chunk)))
		chunk = chunk[drop:]
		f.skip -= drop
	}
	if f.skip > 0 {
		f.after = feed.Position{Offset: end, Skip: f.skip}
		return nil
	}
	f.after = feed.Position{Offset: end}
	if len(chunk) == 0 {
		return nil
	}
	return []feed.Message{{Data: chunk, After: f.after}}
}

// splitJSONArray returns the elements of one JSON array without re-encoding
// them.
func splitJSONArray(body []byte) ([]json.RawMessage, error) {
	trimmed := bytes.TrimSpace(body)
	if len(trimmed) == 0 {
		return nil, nil
	}
	var values []json.RawMessage
	if err := json.Unmarshal(trimmed, &values); err != nil {
		return nil, fmt.Errorf("invalid JSON batch: %w", err)
	}
	return values, nil
}
