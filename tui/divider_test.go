package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/reconcile"
)

// feedSeen sends n exchanges, exchange i created at second i, seen by
// the user just after exchange seenAfter.
func feedSeen(m viewRoot, n, seenAfter int) {
	msgs := conversation(n)
	for i := range msgs {
		msgs[i].Created = testNow.Add(time.Duration(i/2) * time.Second).UnixMilli()
	}
	m.Update(SessionMsg{State: reconcile.State{
		Session:  &reconcile.SessionInfo{ID: "ses_1", Title: "Fix the tests"},
		Status:   reconcile.Status{Type: "idle"},
		Messages: msgs},
		Seen: testNow.Add(time.Duration(seenAfter)*time.Second + 500*time.Millisecond)})
	m.Update(frameTickMsg{})
}

func TestDividerMarksWhatIsNewAndNJumpsToIt(t *testing.T) {
	m := newTestRoot(Options{Server: "http://127.0.0.1:4096", Now: func() time.Time { return testNow }, Color: true})
	m.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
	feedSeen(m, 6, 2)
	var divider, q3 int = -1, -1
	for i, it := range m.lay.items {
		switch {
		case it.kind == kindDivider:
			divider = i
		case it.kind == kindPart && strings.Contains(it.part.Text, "question 3:"):
			q3 = i
		}
	}
	if divider < 0 || q3 < 0 || divider > q3 || q3-divider > 2 {
		t.Fatalf("divider at item %d, question 3 at %d: want the divider just before it", divider, q3)
	}
	if got := strings.Count(joinLines(m), "new since you last looked"); got != 1 {
		t.Fatalf("want one divider in the layout, got %d", got)
	}
	send(m, "g")
	send(m, "n")
	if !strings.Contains(assertScreen(t, m), "new since you last looked") {
		t.Fatalf("n without a search should show the divider:\n%s", assertScreen(t, m))
	}
	if m.follow {
		t.Error("jumping up to the divider should pause following")
	}
}

func TestNoDividerWhenNothingIsNew(t *testing.T) {
	m := newTestRoot(Options{Server: "http://127.0.0.1:4096", Now: func() time.Time { return testNow }, Color: true})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	feedSeen(m, 3, 5)
	if strings.Contains(joinLines(m), "new since") {
		t.Fatal("a session with nothing new since the last look shows no divider")
	}
}

func joinLines(m *testView) string {
	var b strings.Builder
	for _, it := range m.lay.items {
		for _, l := range m.lines(it) {
			b.WriteString(l + "\n")
		}
	}
	return b.String()
}
