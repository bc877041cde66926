package tui

import (
	"errors"
	"regexp"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
)

var sgr = regexp.MustCompile("\x1b\\[[0-9;:]*m")

// assertInert fails when s holds anything but our own colour codes and
// printable text: no ESC of any other kind, no BEL, no CR, no C1.
func assertInert(t *testing.T, what, s string) {
	t.Helper()
	s = sgr.ReplaceAllString(s, "")
	for _, r := range s {
		if r == 0x1b || r == 0x07 || r == '\r' || (r >= 0x80 && r <= 0x9f) || (r < 0x20 && r != '\n') {
			t.Fatalf("%s: control character %U reached the output: %q", what, r, s)
		}
	}
	for i := 0; i < len(s); {
		r, size, class := sanitize.ClassAt(s, i)
		if class == sanitize.Invisible {
			t.Fatalf("%s: invisible character %U reached the output: %q", what, r, s)
		}
		i += size
	}
}

// hostileBidi reverses, hides and reorders text: an RLO, an isolate left
// open, zero-width characters and marks.
const hostileBidi = "evil\u202e\u2067gnp.exe\u200b\u200d\u2060\ufeff\u200e\u200f\u061c\u2066bell"

func hostileState() reconcile.State { return hostileStateOf(hostile) }

func hostileStateOf(hostile string) reconcile.State {
	msg := reconcile.Message{ID: "m1", Role: "assistant", Agent: hostile, ProviderID: hostile, ModelID: hostile,
		Error: &reconcile.ErrorInfo{Name: hostile, Message: hostile},
		Parts: []reconcile.Part{
			{ID: "p1", Type: "text", Text: hostile, Ended: true},
			{ID: "p2", Type: "reasoning", Text: hostile, Ended: true},
			{ID: "p3", Type: "tool", Tool: &reconcile.ToolCall{Name: hostile, Status: "error", Title: hostile,
				Output: hostile, Error: hostile}},
			{ID: "p4", Type: "tool", Tool: &reconcile.ToolCall{Name: "x", Status: "completed",
				Input: rawJSON(map[string]string{"command": hostile})}},
			{ID: "p5", Type: "step-finish", Raw: rawJSON(map[string]any{"reason": hostile})},
			{ID: "p6", Type: "patch", Raw: rawJSON(map[string]any{"files": []string{hostile}})},
			{ID: "p7", Type: "file", Raw: rawJSON(map[string]any{"filename": hostile, "mime": hostile})},
			{ID: "p8", Type: hostile, Raw: rawJSON(map[string]any{"name": hostile})},
		}}
	return reconcile.State{
		Session: &reconcile.SessionInfo{ID: "s", Title: hostile, Agent: hostile},
		Status:  reconcile.Status{Type: "retry", Attempt: 2, Message: hostile},
		Messages: []reconcile.Message{msg,
			{ID: "m2", Role: "user", Parts: []reconcile.Part{{ID: "q", Type: "text", Text: hostile}}}},
	}
}

// TestServerTextIsInert feeds control sequences through every server
// string the session and stream views show, expanded and collapsed, and
// checks none survive.
func TestServerTextIsInert(t *testing.T) {
	for _, hostile := range []string{hostile, hostileBidi} {
		testServerTextIsInert(t, hostile)
	}
}

func testServerTextIsInert(t *testing.T, hostile string) {
	for _, expandAll := range []bool{false, true} {
		session := newTestRoot(Options{Server: hostile})
		stream := NewStream(Options{Server: hostile})
		for _, v := range []struct {
			root viewRoot
			m    *pane
		}{{session, &session.pane}, {stream, &stream.pane}} {
			m := v.m
			m.styles = Styles{} // plain styles: any ESC left would be the server's
			v.root.Update(tea.WindowSizeMsg{Width: 100, Height: 60})
			v.root.Update(SessionMsg{State: hostileStateOf(hostile)})
			v.root.Update(ConnMsg{State: feed.State{Phase: feed.PhaseRetrying, Err: errors.New(hostile), Offset: hostile, Note: hostile, Mode: hostile}})
			v.root.Update(StreamMsg{Batch: &feed.Batch{Kind: feed.KindLines, Messages: []feed.Message{{Data: []byte(hostile)}}}})
			v.root.Update(frameTickMsg{})
			if expandAll {
				for i := range m.lay.len() {
					m.open[m.lay.item(i).key] = true
				}
				m.remeasure(0)
			}
			view := v.root.View()
			assertInert(t, "view", view.Content)
			assertInert(t, "window title", view.WindowTitle)
			for i := range m.lay.len() {
				it := m.lay.item(i)
				assertInert(t, it.key.id, strings.Join(m.lines(it), "\n"))
			}
			if head, _, _ := strings.Cut(view.Content, "\n"); v.m == &session.pane && !strings.Contains(head, "offline") {
				t.Errorf("the header lost its status to the server's title: %q", head)
			}
			if !strings.Contains(view.Content, "evil") || !strings.Contains(view.Content, "bell") {
				t.Errorf("the printable parts of server text should remain:\n%s", view.Content)
			}
		}
	}
}
