package e2eoc

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
)

// pickerBusyScenario keeps a session busy long enough to be seen busy in
// the picker on a loaded machine.
const pickerBusyScenario = "pickerbusy"

// lineWith is the first line of screen that contains s, "" if none.
func lineWith(screen, s string) string {
	for _, l := range strings.Split(screen, "\n") {
		if strings.Contains(l, s) {
			return l
		}
	}
	return ""
}

// TestPickerOpensAndReturnsInTmux runs `dstail --server URL` without a
// TARGET on a real terminal: the picker lists the running sessions, a busy
// one marked busy; enter opens the chosen one (its conversation shows);
// esc returns to the list; q exits 0.
func TestPickerOpensAndReturnsInTmux(t *testing.T) {
	s := sharedServer(t)
	s.Mock.Script(pickerBusyScenario, func(ocpeer.Request, int) ocpeer.Response {
		return ocpeer.Text(ocpeer.SlowText(300), 100*time.Millisecond) // about 30 s
	})
	idle := s.CreateSession(t, "")
	s.Prompt(t, idle, ocpeer.Tag(ocpeer.ScnPlain)+" picked-marker")
	s.WaitIdle(t, idle, turnLimit)
	busy := s.CreateSession(t, "")
	s.Prompt(t, busy, ocpeer.Tag(pickerBusyScenario)+" keep busy")
	t.Cleanup(func() { s.Abort(t, busy) })
	deadline := time.Now().Add(30 * time.Second)
	for s.Status(t, "")[busy].Type != "busy" {
		if time.Now().After(deadline) {
			t.Fatal("the session never turned busy")
		}
		time.Sleep(50 * time.Millisecond)
	}

	pane := newTmuxPane(t, "dstail-picker-"+strings.TrimPrefix(idle, "ses_"),
		dstailBin+" --no-save --server "+s.URL()+"; echo EXIT=$?; sleep 60")
	sc := pane.Wait("the picker with the busy session", func(sc string) bool {
		return strings.Contains(sc, "OpenCode sessions") && strings.Contains(lineWith(sc, busy), "busy")
	})
	if !strings.Contains(sc, idle) || !strings.Contains(lineWith(sc, idle), "idle") {
		t.Errorf("the idle session should be listed idle:\n%s", sc)
	}

	// Filter down to the idle session, accept the filter, open it.
	pane.Keys("/")
	pane.Keys("-l", idle)
	pane.Wait("the filtered list", func(sc string) bool { return strings.Contains(sc, idle) && !strings.Contains(sc, busy) })
	pane.Keys("Enter")
	time.Sleep(500 * time.Millisecond) // the list applies the filter
	pane.Keys("Enter")
	sc = pane.Wait("the chosen session's conversation", func(sc string) bool {
		return strings.Contains(sc, "picked-marker") && strings.Contains(sc, ocpeer.PlainText) && strings.Contains(sc, "● live")
	})
	if !strings.Contains(sc, "esc back") {
		t.Errorf("the view opened from the picker should offer esc back:\n%s", sc)
	}

	pane.Keys("Escape")
	pane.Wait("the list again", func(sc string) bool {
		return strings.Contains(sc, "OpenCode sessions") && strings.Contains(sc, busy) && !strings.Contains(sc, "● live")
	})
	pane.Keys("q")
	pane.Wait("exit code 0 after q", func(sc string) bool { return strings.Contains(sc, "EXIT=0") })
}

// TestTabsForTwoSessionsInTmux runs `dstail A B` on a real terminal: a tab
// per session, the first shown; new events in the hidden one mark its tab
// unread; 2 and tab switch; q exits 0.
func TestTabsForTwoSessionsInTmux(t *testing.T) {
	s := sharedServer(t)
	a, b := s.CreateSession(t, ""), s.CreateSession(t, "")
	s.Prompt(t, a, ocpeer.Tag(ocpeer.ScnPlain)+" alpha-marker")
	s.Prompt(t, b, ocpeer.Tag(ocpeer.ScnPlain)+" beta-marker")
	s.WaitIdle(t, a, turnLimit)
	s.WaitIdle(t, b, turnLimit)

	pane := newTmuxPane(t, "dstail-tabs-"+strings.TrimPrefix(a, "ses_"),
		dstailBin+" --no-save --server "+s.URL()+" "+a+" "+b+"; echo EXIT=$?; sleep 60")
	bar := func(sc string) string { return strings.SplitN(sc, "\n", 2)[0] }
	sc := pane.Wait("the first session under a bar of two tabs", func(sc string) bool {
		return strings.Contains(sc, "alpha-marker") && strings.Contains(sc, "● live") &&
			strings.Contains(bar(sc), " 1 · ") && strings.Contains(bar(sc), " 2 · ")
	})
	if strings.Contains(sc, "beta-marker") {
		t.Errorf("the hidden session is on screen:\n%s", sc)
	}

	s.Prompt(t, b, ocpeer.Tag(ocpeer.ScnPlain)+" beta-second")
	s.WaitIdle(t, b, turnLimit)
	pane.Wait("the hidden session's tab marked unread", func(sc string) bool { return strings.Contains(bar(sc), "•") })

	pane.Keys("2")
	sc = pane.Wait("the second session", func(sc string) bool {
		return strings.Contains(sc, "beta-marker") && strings.Contains(sc, "beta-second")
	})
	if strings.Contains(bar(sc), "•") || strings.Contains(sc, "alpha-marker") {
		t.Errorf("after 2 the second session should be shown alone and read:\n%s", sc)
	}
	pane.Keys("Tab")
	pane.Wait("the first session again", func(sc string) bool {
		return strings.Contains(sc, "alpha-marker") && !strings.Contains(sc, "beta-marker")
	})
	pane.Keys("q")
	pane.Wait("exit code 0 after q", func(sc string) bool { return strings.Contains(sc, "EXIT=0") })
}
