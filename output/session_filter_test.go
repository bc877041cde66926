package output

import (
	"bytes"
	"encoding/json"
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/reconcile"
)

// linesOf replays a capture event by event, as it streams, with o.
func linesOf(t *testing.T, file string, o LineOptions) []string {
	t.Helper()
	evs, m := replay(t, file)
	var out bytes.Buffer
	w := NewSessionLinesWith(&out, o)
	for i := range evs {
		if err := w.WriteEvents(evs[i:i+1], m); err != nil {
			t.Fatal(err)
		}
	}
	return strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
}

func has(lines []string, prefix string) bool {
	for _, l := range lines {
		if strings.HasPrefix(l, prefix) {
			return true
		}
	}
	return false
}

func TestSessionLinesParts(t *testing.T) {
	parts := func(v string) LineOptions {
		p, err := ParseParts([]string{v})
		if err != nil {
			t.Fatal(err)
		}
		return LineOptions{Filter: Filter{Parts: p}}
	}
	tests := []struct {
		file, parts string
		want, not   []string
	}{
		{"c-tool.global.sse", "tool", []string{"── assistant", "✓ read · opencode.json", "✗ read", "✓ bash"}, []string{"Let me check.", "· step finished", "± patch"}},
		{"c-tool.global.sse", "patch,text", []string{"Let me check.", "± patch: 1 file(s)", "I read the config"}, []string{"✓ read", "· step finished"}},
		{"b-reasoning.global.sse", "reasoning", []string{"(thinking) Let me think about this."}, []string{"After thinking", "· step finished"}},
		{"b-reasoning.global.sse", "text", []string{"After thinking: the answer is 42."}, []string{"(thinking)", "Let me think"}},
		{"b-reasoning.global.sse", "step", []string{"· step finished: stop"}, []string{"(thinking)", "After thinking"}},
	}
	for _, tt := range tests {
		t.Run(tt.file+"/"+tt.parts, func(t *testing.T) {
			lines := linesOf(t, tt.file, parts(tt.parts))
			for _, w := range tt.want {
				if !has(lines, w) {
					t.Errorf("no line starts with %q:\n%s", w, strings.Join(lines, "\n"))
				}
			}
			for _, n := range tt.not {
				if has(lines, n) {
					t.Errorf("a line starts with %q:\n%s", n, strings.Join(lines, "\n"))
				}
			}
		})
	}
}

func TestSessionLinesIncludeExclude(t *testing.T) {
	inc, _ := CompileRegexps("include", []string{"^✓"})
	got := linesOf(t, "c-tool.global.sse", LineOptions{Filter: Filter{Include: inc}})
	want := []string{"✓ read · opencode.json", "✓ bash · echo hello-from-tool > tool-output.txt && cat tool-output.txt"}
	if strings.Join(got, "\n") != strings.Join(want, "\n") {
		t.Fatalf("--include ^✓ printed\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
	// The final answer streams in deltas; it is dropped as a whole line.
	exc, _ := CompileRegexps("exclude", []string{"read"})
	got = linesOf(t, "c-tool.global.sse", LineOptions{Filter: Filter{Exclude: exc}})
	if !has(got, "── user ──") || !has(got, "Let me check.") || !has(got, "✓ bash") {
		t.Fatalf("--exclude read dropped too much:\n%s", strings.Join(got, "\n"))
	}
	for _, l := range got {
		if strings.Contains(l, "read") {
			t.Errorf("--exclude read kept %q", l)
		}
	}
}

func TestSessionLinesTimestamps(t *testing.T) {
	now := time.Date(2026, 5, 6, 7, 8, 9, 0, time.Local)
	lines := linesOf(t, "c-tool.global.sse", LineOptions{Timestamps: TimestampsShort, Now: func() time.Time { return now }})
	stamp := regexp.MustCompile(`^\d\d:\d\d:\d\d `)
	for _, l := range lines {
		if !stamp.MatchString(l) {
			t.Errorf("line without a short time stamp: %q", l)
		}
	}
	// A message header carries the message's own creation time.
	evs, _ := replay(t, "c-tool.global.sse")
	var created int64
	for _, ev := range evs {
		var p struct {
			Info struct {
				Role string
				Time struct{ Created int64 }
			}
		}
		if ev.Type == reconcile.TypeMessageUpdated && json.Unmarshal(ev.Data, &p) == nil && p.Info.Role == "user" {
			created = p.Info.Time.Created
			break
		}
	}
	want := time.UnixMilli(created).Local().Format("15:04:05") + " ── user ──"
	if created == 0 || !has(lines, want) {
		t.Errorf("no line %q:\n%s", want, strings.Join(lines, "\n"))
	}
	// Status and title lines have no time of their own: the newest time
	// the data carried stamps them, never the clock, so a replay of the
	// capture stamps them alike.
	for _, l := range lines {
		if strings.HasPrefix(l, now.Format("15:04:05")) {
			t.Errorf("line stamped with the clock, not the data's time: %q", l)
		}
	}
	if !has(lines, time.UnixMilli(created).Local().Format("15:04:05")+" ● busy") {
		t.Errorf("status line not stamped with the time of the message before it:\n%s", strings.Join(lines, "\n"))
	}
	rfc := linesOf(t, "a-plain.global.sse", LineOptions{Timestamps: TimestampsRFC3339})
	full := regexp.MustCompile(`^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}(Z|[+-]\d\d:\d\d) `)
	for _, l := range rfc {
		if !full.MatchString(l) {
			t.Errorf("line without an RFC 3339 time stamp: %q", l)
		}
	}
}

func TestSessionLinesColor(t *testing.T) {
	inc, _ := CompileRegexps("include", []string{"^(✗|──)"})
	lines := linesOf(t, "c-tool.global.sse", LineOptions{Color: true, Filter: Filter{Include: inc}})
	if !has(lines, "\x1b[1m── user ──\x1b[m") || !has(lines, "\x1b[31m✗ read") {
		t.Fatalf("headers bold and errors red expected, include matched on the text without colour:\n%q", lines)
	}
	for _, l := range linesOf(t, "c-tool.global.sse", LineOptions{}) {
		if strings.ContainsRune(l, 0x1b) {
			t.Fatalf("colour without Color: %q", l)
		}
	}
}
