package output

import (
	"bufio"
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/dstail/dstail/ndjson"
	"github.com/dstail/dstail/reconcile"
)

// replay folds a captured /global/event stream for one session and returns
// the events the model accepted, in order.
func replay(t *testing.T, file string) ([]reconcile.Event, *reconcile.Model) {
	t.Helper()
	data, err := os.ReadFile("../reconcile/testdata/opencode-1.18.33/" + file)
	if err != nil {
		t.Fatal(err)
	}
	var session string
	var evs []reconcile.Event
	var m *reconcile.Model
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		ev, _, err := reconcile.DecodeFrame([]byte(line))
		if err != nil || ev.Session == "" {
			continue
		}
		if m == nil {
			session, m = ev.Session, reconcile.New(ev.Session)
		}
		if ev.Session == session && m.Apply(ev) {
			evs = append(evs, ev)
		}
	}
	if m == nil {
		t.Fatalf("%s: no session events", file)
	}
	return evs, m
}

func TestSessionJSONRecords(t *testing.T) {
	evs, _ := replay(t, "c-tool.global.sse")
	evs = append(evs, reconcile.Event{Type: "session.status", Session: "ses_x", Data: json.RawMessage(`{"status":{"type":"idle"}}`), Synthetic: true},
		reconcile.Event{Type: "message.updated", Session: "ses_x", Seq: 7, Sync: true, Data: json.RawMessage("{\n\"info\": {}\n}")})
	var out bytes.Buffer
	if err := ndjson.NewSessionWriter(&out).WriteEvents(evs); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(evs) {
		t.Fatalf("%d lines for %d events", len(lines), len(evs))
	}
	for i, line := range lines {
		var rec struct {
			Session, Type string
			Seq           *int64
			Data          json.RawMessage
			Synthetic     bool
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("line %d: %v: %q", i, err, line)
		}
		ev := evs[i]
		if rec.Session != ev.Session || rec.Type != ev.Type || rec.Synthetic != ev.Synthetic || (rec.Seq != nil) != ev.Sync {
			t.Fatalf("line %d = %+v, event %+v", i, rec, ev)
		}
	}
	if !strings.HasSuffix(out.String(), `"seq":7,"type":"message.updated","data":{"info":{}}}`+"\n") {
		t.Fatalf("last line not compact with seq: %q", lines[len(lines)-1])
	}
}

func TestSessionLines(t *testing.T) {
	tests := []struct {
		file string
		want []string
	}{
		{"a-plain.global.sse", []string{"── user ──", "── assistant · mock/mock-model ──", "● busy", "● idle"}},
		{"b-reasoning.global.sse", []string{"── assistant", "· step finished: stop"}},
		{"c-tool.global.sse", []string{"✓ read", "✗ read", "✓ bash", "± patch: 1 file(s)"}},
		{"d-error.global.sse", []string{"✗ APIError"}},
		{"e-abort.global.sse", []string{"✗ MessageAbortedError"}},
	}
	for _, tt := range tests {
		t.Run(tt.file, func(t *testing.T) {
			evs, m := replay(t, tt.file)
			var out bytes.Buffer
			w := NewSessionLines(&out)
			for i := range evs { // one call per event, as it streams
				if err := w.WriteEvents(evs[i:i+1], m); err != nil {
					t.Fatal(err)
				}
			}
			text := out.String()
			for _, want := range tt.want {
				if !strings.Contains(text, want) {
					t.Errorf("output lacks %q:\n%s", want, text)
				}
			}
			// Streamed text appears once, as it streamed, not again at part end.
			for _, msg := range m.Messages() {
				for _, p := range msg.Parts {
					if p.Type == "text" && msg.Role == "assistant" && len(p.Text) > 20 {
						if n := strings.Count(text, p.Text); n != 1 {
							t.Errorf("text %q printed %d times", p.Text, n)
						}
					}
				}
			}
		})
	}
}

func TestSessionLinesSanitises(t *testing.T) {
	ev := reconcile.Event{Type: "message.part.delta", Session: "s",
		Data: json.RawMessage(`{"partID":"prt_1","field":"text","delta":"evil \u001b]0;title\u0007 \u001b[2J done"}`)}
	var out bytes.Buffer
	if err := NewSessionLines(&out).WriteEvents([]reconcile.Event{ev}, nil); err != nil {
		t.Fatal(err)
	}
	if bytes.ContainsAny(out.Bytes(), "\x1b\x07") || !strings.Contains(out.String(), "evil") {
		t.Fatalf("got %q", out.String())
	}
}

func TestSessionLinesOneLinePerToolWithItsOutput(t *testing.T) {
	evs, m := replay(t, "c-tool.global.sse")
	var out bytes.Buffer
	w := NewSessionLines(&out)
	for i := range evs {
		if err := w.WriteEvents(evs[i:i+1], m); err != nil {
			t.Fatal(err)
		}
	}
	text := out.String()
	if n := strings.Count(text, "bash"); n != 1 {
		t.Errorf("the bash call is printed %d times, want once when it ends:\n%s", n, text)
	}
	if strings.Contains(text, "▸ ") || strings.Contains(text, "… read") {
		t.Errorf("a running or pending state was printed:\n%s", text)
	}
	if !strings.Contains(text, "  │ ") {
		t.Errorf("no tool output under the calls:\n%s", text)
	}
}
