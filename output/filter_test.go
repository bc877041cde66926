package output

import (
	"bytes"
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
)

func TestParseParts(t *testing.T) {
	got, err := ParseParts([]string{"text,tool", " reasoning", "tool"})
	if err != nil {
		t.Fatal(err)
	}
	if keys := slices.Sorted(maps.Keys(got)); !slices.Equal(keys, []string{"reasoning", "text", "tool"}) {
		t.Fatalf("ParseParts = %v", keys)
	}
	if got, err := ParseParts(nil); got != nil || err != nil {
		t.Fatalf("no --parts = %v, %v; want nil (show all)", got, err)
	}
	for _, bad := range []string{"txt", "text,", "step-finish"} {
		if _, err := ParseParts([]string{bad}); err == nil || !strings.Contains(err.Error(), "text,reasoning,tool,patch,step,file") {
			t.Errorf("ParseParts(%q) err = %v, want the list of kinds", bad, err)
		}
	}
}

func TestFilterShowPartAndLine(t *testing.T) {
	parts, _ := ParseParts([]string{"step,tool"})
	f := Filter{Parts: parts}
	for typ, want := range map[string]bool{"step-start": true, "step-finish": true, "tool": true, "text": false, "snapshot": false} {
		if f.ShowPart(typ) != want {
			t.Errorf("ShowPart(%q) = %v, want %v", typ, !want, want)
		}
	}
	if !(Filter{}).ShowPart("snapshot") {
		t.Error("the zero Filter hides a part")
	}
	inc, _ := CompileRegexps("include", []string{"^✓", "error"})
	exc, _ := CompileRegexps("exclude", []string{"bash"})
	f = Filter{Include: inc, Exclude: exc}
	for line, want := range map[string]bool{"✓ read": true, "✓ bash": false, "an error": true, "plain": false} {
		if f.ShowLine(line) != want {
			t.Errorf("ShowLine(%q) = %v, want %v", line, !want, want)
		}
	}
	if _, err := CompileRegexps("exclude", []string{"ok", "(unclosed"}); err == nil || !strings.HasPrefix(err.Error(), `--exclude "(unclosed": missing closing )`) {
		t.Fatalf("bad regexp err = %v", err)
	}
}

func TestParseTimestamps(t *testing.T) {
	for _, ok := range []string{"", "short", "rfc3339"} {
		if got, err := ParseTimestamps(ok); got != ok || err != nil {
			t.Errorf("ParseTimestamps(%q) = %q, %v", ok, got, err)
		}
	}
	if _, err := ParseTimestamps("long"); err == nil || !strings.Contains(err.Error(), "short or rfc3339") {
		t.Fatalf("ParseTimestamps(long) err = %v", err)
	}
}

func TestStreamLinesFiltered(t *testing.T) {
	inc, _ := CompileRegexps("include", []string{`"n":[13]`})
	now := time.Date(2026, 1, 2, 3, 4, 5, 0, time.Local)
	var out bytes.Buffer
	w := NewStreamWriter(&out, "http://h/s", false).WithLineOptions(LineOptions{
		Filter: Filter{Include: inc}, Timestamps: TimestampsShort, Now: func() time.Time { return now },
	})
	if err := w.WriteBatch(batch(feed.KindJSON, `{"n":1}`, `{"n":2}`, `{"n":3}`)); err != nil {
		t.Fatal(err)
	}
	if want := "03:04:05 {\"n\":1}\n03:04:05 {\"n\":3}\n"; out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
	// JSON records are never filtered.
	out.Reset()
	w = NewStreamWriter(&out, "http://h/s", true).WithLineOptions(LineOptions{Filter: Filter{Include: inc}, Timestamps: TimestampsShort})
	if err := w.WriteBatch(batch(feed.KindJSON, `{"n":1}`, `{"n":2}`)); err != nil {
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "\n"); n != 2 || !strings.HasPrefix(out.String(), `{"stream":`) {
		t.Fatalf("JSON output changed by line options: %q", out.String())
	}
}
