package tui

import (
	"bytes"
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/teatest/v2"

	"github.com/dstail/dstail/reconcile"
)

func waitOutput(t *testing.T, tm *teatest.TestModel, what string, ok func(string) bool) {
	t.Helper()
	var seen bytes.Buffer
	teatest.WaitFor(t, tm.Output(), func(b []byte) bool {
		seen.Write(b)
		return ok(seen.String())
	}, teatest.WithDuration(20*time.Second), teatest.WithCheckInterval(20*time.Millisecond))
}

// TestInteractiveSession drives the program as a user would: follow,
// pause with k, new messages do not move the view, G returns to live,
// enter expands, / searches, q quits.
func TestInteractiveSession(t *testing.T) {
	tm := teatest.NewTestModel(t, NewTabs(Options{AltScreen: true, Color: true}, "ses_1"), teatest.WithInitialTermSize(100, 30))
	tm.Send(SessionMsg{State: reconcile.State{Messages: conversation(6)}})
	waitOutput(t, tm, "the newest answer", func(s string) bool { return strings.Contains(s, "answer 5") })
	tm.Type("kkkkkkkkkkkk")
	waitOutput(t, tm, "the paused badge", func(s string) bool { return strings.Contains(s, "paused") })
	tm.Send(SessionMsg{State: reconcile.State{Messages: conversation(9)}})
	newBelow := regexp.MustCompile(`paused · [1-9]`) // only changed cells are written
	waitOutput(t, tm, "new messages counted below", newBelow.MatchString)
	tm.Type("G")
	waitOutput(t, tm, "live again", func(s string) bool { return strings.Contains(s, "following") })
	tm.Type("/question 2")
	tm.Send(tea.KeyPressMsg{Code: tea.KeyEnter})
	waitOutput(t, tm, "the search status", func(s string) bool { return strings.Contains(s, "1/1") })
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	m := tm.FinalModel(t).(*Tabs).current()
	if m.follow || m.search.query != "question 2" {
		t.Errorf("final state: follow=%v query=%q", m.follow, m.search.query)
	}
}

// TestInlinePrintsFinishedMessages checks --inline: no alternate screen,
// finished messages are printed for the scrollback, and only the live
// message stays in the view.
func TestInlinePrintsFinishedMessages(t *testing.T) {
	tm := teatest.NewTestModel(t, NewTabs(Options{Inline: true, Color: true}, "ses_1"), teatest.WithInitialTermSize(100, 30))
	msgs := conversation(3)
	running := reconcile.Message{ID: "msg_999", Role: "assistant", Parts: []reconcile.Part{
		{ID: "live_p", Type: "text", Text: "still streaming here"}}}
	tm.Send(SessionMsg{State: reconcile.State{Messages: append(msgs, running), Status: reconcile.Status{Type: "busy"}}})
	waitOutput(t, tm, "printed answers and the live part", func(s string) bool {
		return strings.Contains(s, "answer 2") && strings.Contains(s, "still streaming here")
	})
	// Printing happens on a frame; make sure one ran before quitting, as a
	// running program's clock would.
	tm.Send(frameTickMsg{})
	tm.Type("q")
	tm.WaitFinished(t, teatest.WithFinalTimeout(20*time.Second))
	tabs := tm.FinalModel(t).(*Tabs)
	m := tabs.current()
	if m.printedMsgs != len(msgs) {
		t.Errorf("printed %d messages, want the %d finished ones", m.printedMsgs, len(msgs))
	}
	view := tabs.View()
	if view.AltScreen {
		t.Error("inline mode must not use the alternate screen")
	}
	if strings.Contains(view.Content, "answer 2") || !strings.Contains(view.Content, "still streaming here") {
		t.Errorf("the view should hold only the live message:\n%s", view.Content)
	}
}
