package ndjson

import (
	"bufio"
	"bytes"
	"encoding/json"
	"strings"
	"testing"
)

func TestSafeJSON(t *testing.T) {
	cases := []struct {
		name, in string
		want     any // the value the output decodes to
	}{
		{"plain ASCII", `{"a":"b c","n":[1,2]}`, map[string]any{"a": "b c", "n": []any{1.0, 2.0}}},
		{"multi-byte text kept", `{"t":"é 日本 🙂"}`, map[string]any{"t": "é 日本 🙂"}},
		{"C1 CSI escaped", "{\"t\":\"a\u009b2Jb\"}", map[string]any{"t": "a\u009b2Jb"}},
		{"C1 NEL escaped", "[\"\u0085\"]", []any{"\u0085"}},
		{"invalid UTF-8", "{\"t\":\"a\xffb\"}", map[string]any{"t": "a\ufffdb"}},
		{"split across lines", "{\n\"t\": \"x\"\n}", map[string]any{"t": "x"}},
		{"not JSON: raw ESC", "{\"t\":\"\x1b[2J\"}", "{\"t\":\"\x1b[2J\"}"},
		{"bidi override escaped", "{\"t\":\"a\u202egnp\u2066\"}", map[string]any{"t": "a\u202egnp\u2066"}},
		{"zero width escaped", "[\"\u200b\u200c\u2060\ufeff\"]", []any{"\u200b\u200c\u2060\ufeff"}},
		{"tag character as a surrogate pair", "[\"\U000e0041\"]", []any{"\U000e0041"}},
		{"not JSON with C1 and RLO", "x\u009by\u202e", "x\u009by\u202e"},
		{"emoji sequence kept", "[\"👩\u200d💻\"]", []any{"👩\u200d💻"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			out := safeJSON(&buf, []byte(c.in))
			for _, b := range out {
				if b < 0x20 || b == 0x7f {
					t.Fatalf("control byte %#x left in %q", b, out)
				}
			}
			for _, raw := range []string{"\u009b", "\u0085", "\u202e", "\u2066", "\u200b", "\u200c", "\u2060", "\ufeff", "\U000e0041"} {
				if bytes.Contains(out, []byte(raw)) {
					t.Fatalf("%U is left raw in %q", []rune(raw)[0], out)
				}
			}
			var got any
			if err := json.Unmarshal(out, &got); err != nil {
				t.Fatalf("%q is not JSON: %v", out, err)
			}
			if g, _ := json.Marshal(got); string(g) != mustJSON(t, c.want) {
				t.Errorf("decodes to %s, want %s", g, mustJSON(t, c.want))
			}
		})
	}
}

func mustJSON(t *testing.T, v any) string {
	t.Helper()
	b, err := json.Marshal(v)
	if err != nil {
		t.Fatal(err)
	}
	return string(b)
}

// TestPrintableASCIIMatchesBytewise checks the word-at-a-time test against
// the byte-by-byte rule for every byte value at every position of words
// and tails.
func TestPrintableASCIIMatchesBytewise(t *testing.T) {
	want := func(d []byte) bool {
		for _, c := range d {
			if c < 0x20 || c >= 0x80 {
				return false
			}
		}
		return true
	}
	for n := 1; n <= 41; n++ { // two sixteen-byte blocks, a word and a tail
		for pos := range n {
			for c := range 256 {
				d := []byte(strings.Repeat("x", n))
				d[pos] = byte(c)
				if got := printableASCII(d); got != want(d) {
					t.Fatalf("printableASCII(%q) = %v, want %v", d, got, want(d))
				}
			}
		}
	}
}

// A name written without encoding is written as json.Marshal and the
// sanitiser would write it.
func TestWriteTextAsEncoded(t *testing.T) {
	for _, s := range []string{"", "ses_abc", "message.part.delta", "evt_1", `a"b`, `a\b`, "<a>&", "a\x7fb", "tab\t", "é", "\u2028", "\u009b[31m", "bad\xff"} {
		var got, want bytes.Buffer
		gw, ww := bufio.NewWriter(&got), bufio.NewWriter(&want)
		writeText(gw, s)
		writeString(ww, []byte(s))
		gw.Flush()
		ww.Flush()
		if got.String() != want.String() {
			t.Errorf("%q: wrote %s, want %s", s, got.String(), want.String())
		}
		if plainString(s) {
			enc, _ := json.Marshal(s)
			if string(enc) != got.String() {
				t.Errorf("%q: plain, but json.Marshal writes %s", s, enc)
			}
		}
	}
}
