package e2eoc

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// jsonLine is one line of `dstail --json` for a session. ID is read when
// present: the model needs event ids to apply deltas (see reconcile/doc.go).
type jsonLine struct {
	Session   string          `json:"session"`
	Seq       *int64          `json:"seq"`
	Type      string          `json:"type"`
	ID        string          `json:"id"`
	Data      json.RawMessage `json:"data"`
	Synthetic bool            `json:"synthetic"`
}

func (l jsonLine) event() reconcile.Event {
	ev := reconcile.Event{Type: l.Type, Session: l.Session, ID: l.ID, Data: l.Data, Synthetic: l.Synthetic}
	if l.Seq != nil {
		ev.Sync, ev.Seq = true, *l.Seq
	}
	return ev
}

// parseLines decodes dstail's stdout; every line must be a complete event
// of the session.
func parseLines(t *testing.T, sessionID, out string) []jsonLine {
	t.Helper()
	var lines []jsonLine
	for i, text := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if text == "" {
			continue
		}
		var l jsonLine
		if err := json.Unmarshal([]byte(text), &l); err != nil {
			t.Fatalf("line %d is not JSON (%v): %s", i+1, err, text)
		}
		if l.Type == "" || len(l.Data) == 0 || l.Data[0] != '{' {
			t.Fatalf("line %d lacks type or data object: %s", i+1, text)
		}
		if l.Session != sessionID {
			t.Fatalf("line %d belongs to session %q, want %q: %s", i+1, l.Session, sessionID, text)
		}
		lines = append(lines, l)
	}
	return lines
}

// fold applies the lines in order to an empty model.
func fold(sessionID string, lines []jsonLine) *reconcile.Model {
	m := reconcile.New(sessionID)
	for _, l := range lines {
		m.Apply(l.event())
	}
	return m
}

// assertFoldEqualsServer checks the contract of --json: the lines, applied
// in order to an empty model, give every message and part exactly as
// GET /session/ID/message has them now. It returns the folded messages.
func assertFoldEqualsServer(t *testing.T, s *ocpeer.Server, sessionID string, lines []jsonLine) []reconcile.Message {
	t.Helper()
	m := fold(sessionID, lines)
	got := m.Messages()
	want, err := reconcile.MessagesFromREST(s.Messages(t, sessionID))
	if err != nil {
		t.Fatalf("decode server messages: %v", err)
	}
	if len(want) == 0 {
		t.Fatal("the server stores no messages; nothing was compared")
	}
	if diffs := reconcile.CompareMessages(got, want); len(diffs) > 0 {
		t.Errorf("folded output differs from the server (%d lines, stats %+v):\n%s",
			len(lines), m.Stats(), strings.Join(diffs, "\n"))
	}
	return got
}

// countType counts lines of one event type.
func countType(lines []jsonLine, typ string) int {
	n := 0
	for _, l := range lines {
		if l.Type == typ {
			n++
		}
	}
	return n
}

// deltaText joins, per part, the deltas of the lines in order.
func deltaText(t *testing.T, lines []jsonLine) map[string]string {
	t.Helper()
	out := map[string]string{}
	for _, l := range lines {
		if l.Type != reconcile.TypePartDelta {
			continue
		}
		var d struct {
			PartID string `json:"partID"`
			Field  string `json:"field"`
			Delta  string `json:"delta"`
		}
		if err := json.Unmarshal(l.Data, &d); err != nil || d.PartID == "" {
			t.Fatalf("bad delta line %s (%v)", l.Data, err)
		}
		if d.Field == "text" {
			out[d.PartID] += d.Delta
		}
	}
	return out
}

// partTexts lists the text of the ended text and reasoning parts.
func partTexts(msgs []reconcile.Message) map[string]string {
	out := map[string]string{}
	for _, m := range msgs {
		for _, p := range m.Parts {
			if p.Ended && (p.Type == "text" || p.Type == "reasoning") {
				out[p.ID] = p.Text
			}
		}
	}
	return out
}
