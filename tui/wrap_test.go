package tui

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

// wrapASCII is ansi.Wrap on printable ASCII, whatever the text and width.
func FuzzWrapASCIIAgrees(f *testing.F) {
	for _, s := range []string{
		"", " ", "a", "hello world", "a-b-c", "---", "  lead", "trail  ", "a  -  b",
		strings.Repeat("word ", 40), strings.Repeat("x", 130), `{"n":1,"text":"lorem ipsum dolor-sit amet"}`,
		"well-known long-hyphenated-words-that-wrap", "a - b - c - d",
	} {
		for _, w := range []uint8{1, 2, 3, 5, 10, 80} {
			f.Add(s, w)
		}
	}
	f.Fuzz(func(t *testing.T, s string, w uint8) {
		limit := int(w)%200 + 1
		s = toPrintableASCII(s)
		if got, want := wrapASCII(s, limit), ansi.Wrap(s, limit, ""); got != want {
			t.Fatalf("wrapASCII(%q, %d) = %q, ansi.Wrap gives %q", s, limit, got, want)
		}
	})
}

// toPrintableASCII turns the fuzzer's other bytes into spaces, hyphens and
// letters, where wrapping has the most to decide.
func toPrintableASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c < 0x20 || c >= 0x7f {
			b[i] = " -x"[c%3]
		}
	}
	return string(b)
}

// wrapLines takes ansi.Wrap where wrapASCII does not apply.
func TestWrapLinesOutsideASCII(t *testing.T) {
	for _, c := range []struct {
		s     string
		width int
	}{
		{"café au lait, crème brûlée", 6},
		{"tab\tseparated words here", 5},
		{"wide 漢字漢字 text", 4},
		{"any width", 0},
	} {
		want := strings.Split(ansi.Wrap(c.s, c.width, ""), "\n")
		if got := wrapLines(c.s, c.width); strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("wrapLines(%q, %d) = %q, want %q", c.s, c.width, got, want)
		}
	}
}

// compactJSON is json.Compact, or the bytes as they are where it fails.
func FuzzCompactJSONAgrees(f *testing.F) {
	for _, s := range []string{
		`{"a" :  1}`, `{"a":1}`, `"a b"`, `"a\" b"`, `"a\\" , 1`, `[1, 2]`, `{"t":"x y","u":[ ]}`,
		"{\n\t\"a\": 1\r\n}", `not json`, `"unterminated `, `{"a":"\u0020"} `, ``, ` `,
	} {
		f.Add([]byte(s))
	}
	f.Fuzz(func(t *testing.T, src []byte) {
		var b bytes.Buffer
		want := src
		if json.Compact(&b, src) == nil {
			want = b.Bytes()
		}
		dst := []byte("kept:")
		if got := compactJSON(dst, src); !bytes.Equal(got, append([]byte("kept:"), want...)) {
			t.Fatalf("compactJSON(%q) = %q, want %q after what dst held", src, got, want)
		}
	})
}
