package ds

import (
	"bytes"
	"encoding/json"
	"mime"
	"strings"

	"github.com/dstail/dstail/internal/jsonarray"

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
	partial []byte        // KindLines: an unterminated line; KindText: a cut character
	after   feed.Position // position after everything handed on so far
	// consumed counts the units (lines or bytes) of the response being
	// read, from its start offset, that were skipped or framed: less a
	// character held at its end, the Skip of a position inside it.
	consumed int64
	limit    int // largest line in bytes (KindLines); 0: no limit
}

func newFramer(kind feed.Kind, from feed.Position) *framer {
	return &framer{kind: kind, skip: from.Skip, after: from}
}

// feed frames the pieces read from start up to end. For JSON each piece is
// one array (SSE may send several before a control event); otherwise the
// pieces are consecutive bytes.
func (f *framer) feed(start, end string, pieces [][]byte) ([]feed.Message, error) {
	if f.kind == feed.KindJSON {
		return f.feedJSON(start, end, pieces)
	}
	f.consumed = 0
	return f.feedChunk(start, end, bytes.Join(pieces, nil), true)
}

// feedChunk frames the next bytes of a response of a line, text or byte
// stream read from start, after f.consumed units of it. final: the
// response ends with them, at end; until then positions stay inside the
// response (start plus the units consumed).
func (f *framer) feedChunk(start, end string, chunk []byte, final bool) ([]feed.Message, error) {
	switch f.kind {
	case feed.KindLines:
		return f.feedLines(start, end, chunk, final)
	case feed.KindText:
		return f.feedText(start, end, chunk, final), nil
	}
	return f.feedBytes(start, end, chunk, final), nil
}

// moved sets the position after a chunk: the response's end once it is
// read whole and nothing waits, else start plus the units consumed less
// the held ones of this response (held). While a resume still skips, or
// nothing of the response was handed on, the position stays where it was,
// unless handed: what an earlier response left held went on, so
// everything before start did.
func (f *framer) moved(start, end string, final, waiting bool, held int64, handed bool) {
	switch {
	case f.skip > 0:
		if final {
			f.after = feed.Position{Offset: end, Skip: f.skip}
		}
	case final && !waiting:
		f.after = feed.Position{Offset: end}
	case f.consumed-held > 0 || handed:
		f.after = feed.Position{Offset: start, Skip: f.consumed - held}
	}
}

func (f *framer) feedJSON(start, end string, pieces [][]byte) ([]feed.Message, error) {
	var values []json.RawMessage
	for _, p := range pieces {
		arr, err := jsonarray.SplitWhole(p)
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
// when a line began in an earlier read. A line longer than limit is
// errBodyTooLarge, whether or not its newline came.
func (f *framer) feedLines(start, end string, chunk []byte, final bool) ([]feed.Message, error) {
	var msgs []feed.Message
	rest := chunk
	for {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			break
		}
		line := rest[:i]
		rest = rest[i+1:]
		f.consumed++
		if f.skip > 0 {
			f.skip--
			continue
		}
		if len(f.partial) > 0 {
			line = append(f.partial, line...)
			f.partial = nil
		}
		if f.limit > 0 && len(line) > f.limit {
			return nil, errBodyTooLarge
		}
		line = bytes.TrimSuffix(line, []byte("\r"))
		msgs = append(msgs, feed.Message{Data: line, After: feed.Position{Offset: start, Skip: f.consumed}})
	}
	if f.skip == 0 && len(rest) > 0 {
		f.partial = append(f.partial, rest...)
		if f.limit > 0 && len(f.partial) > f.limit {
			return nil, errBodyTooLarge
		}
	}
	f.moved(start, end, final, len(f.partial) > 0, 0, false)
	if n := len(msgs); n > 0 && final && len(rest) == 0 {
		msgs[n-1].After = f.after // the last line ends the response
	}
	return msgs, nil
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

func (f *framer) feedBytes(start, end string, chunk []byte, final bool) []feed.Message {
	chunk = f.skipBytes(chunk)
	f.consumed += int64(len(chunk))
	f.moved(start, end, final, false, 0, false)
	if len(chunk) == 0 {
		return nil
	}
	return []feed.Message{{Data: chunk, After: f.after}}
}

// skipBytes drops what a resume still skips of a byte-counted chunk.
func (f *framer) skipBytes(chunk []byte) []byte {
	drop := min(f.skip, int64(len(chunk)))
	f.skip -= drop
	f.consumed += drop
	return chunk[drop:]
}
