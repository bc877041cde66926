package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dstail/dstail/feed"
)

func textBatch(closed bool, chunks ...string) *feed.Batch {
	b := &feed.Batch{Kind: feed.KindText, Offset: "o", Closed: closed}
	for _, c := range chunks {
		b.Messages = append(b.Messages, feed.Message{Data: []byte(c)})
	}
	return b
}

// Text chunks reach readable output byte for byte and at once: no newline
// added, none dropped, a partial line written as it arrives.
func TestTextIsWrittenExactly(t *testing.T) {
	var out bytes.Buffer
	w := NewStreamWriter(&out, "s", false)
	if err := w.WriteBatch(textBatch(false, "a b")); err != nil {
		t.Fatal(err)
	}
	if out.String() != "a b" {
		t.Fatalf("after the first append %q, want %q at once", out.String(), "a b")
	}
	_ = w.WriteBatch(textBatch(true, "  c", "\nchunk1", "chunk2"))
	if want := "a b  c\nchunk1chunk2"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}

// --json carries each chunk verbatim with "chunk":true: joining the data of
// every record gives back the exact text.
func TestTextJSONFoldsBackToTheBytes(t *testing.T) {
	var out bytes.Buffer
	w := NewStreamWriter(&out, "s", true)
	chunks := []string{"a b", "  c", "\r\nx\u0085\u2028", "\tend"}
	_ = w.WriteBatch(textBatch(false, chunks[:2]...))
	_ = w.WriteBatch(textBatch(true, chunks[2:]...))
	var folded strings.Builder
	for _, line := range strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n") {
		var rec struct {
			Data  string
			Chunk bool
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil || !rec.Chunk {
			t.Fatalf("record %s: %v, chunk %v", line, err, rec.Chunk)
		}
		folded.WriteString(rec.Data)
	}
	if want := strings.Join(chunks, ""); folded.String() != want {
		t.Errorf("folded %q, want %q", folded.String(), want)
	}
}

// With a filter the sink sees whole lines; the last line of a closed
// stream is shown without a newline it never had being needed.
func TestTextLinesThroughAFilter(t *testing.T) {
	var out bytes.Buffer
	ex, err := CompileRegexps("--exclude", []string{"^skip"})
	if err != nil {
		t.Fatal(err)
	}
	w := NewStreamWriter(&out, "s", false).WithLineOptions(LineOptions{Filter: Filter{Exclude: ex}})
	_ = w.WriteBatch(textBatch(false, "keep ", "this\nskip", " me\nla"))
	_ = w.WriteBatch(textBatch(true, "st"))
	if want := "keep this\nlast\n"; out.String() != want {
		t.Errorf("got %q, want %q", out.String(), want)
	}
}
