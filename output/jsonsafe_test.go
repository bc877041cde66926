package output

import (
	"bytes"
	"encoding/json"
	"testing"
)

func TestTerminalSafeJSON(t *testing.T) {
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
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			var buf bytes.Buffer
			out := terminalSafeJSON(&buf, []byte(c.in))
			for _, b := range out {
				if b < 0x20 || b == 0x7f {
					t.Fatalf("control byte %#x left in %q", b, out)
				}
			}
			if bytes.Contains(out, []byte("\u009b")) || bytes.Contains(out, []byte("\u0085")) {
				t.Fatalf("a C1 control is left raw in %q", out)
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
