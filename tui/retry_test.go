package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

func TestRRetriesNowOnlyWhileWaitingAndOfflineReplacesBusy(t *testing.T) {
	asked := 0
	m := newTestRoot(Options{Server: "http://127.0.0.1:4096", Now: func() time.Time { return testNow }, Color: true,
		RetryNow: func() { asked++ }})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 24})
	m.Update(SessionMsg{State: reconcile.State{Status: reconcile.Status{Type: "busy"}, Messages: conversation(1)}})
	m.Update(frameTickMsg{})
	m.Update(ConnMsg{State: feed.State{Phase: feed.PhaseLive}})
	send(m, "r")
	if asked != 0 {
		t.Fatal("r while live asked for a retry")
	}
	m.Update(ConnMsg{State: feed.State{Phase: feed.PhaseRetrying, Attempt: 9, RetryIn: 14 * time.Second, Err: errors.New("dial tcp: connection refused")}})
	screen := assertScreen(t, m)
	if !strings.Contains(screen, "○ offline") || strings.Contains(screen, "busy") {
		t.Errorf("while reconnecting the header should say offline, not busy:\n%s", screen)
	}
	if !strings.Contains(screen, "r: now") {
		t.Errorf("the connection line should offer r:\n%s", screen)
	}
	send(m, "r")
	if asked != 1 {
		t.Fatalf("r while reconnecting asked %d times, want 1", asked)
	}
}
