package tui

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

// sessionTab is a full TabMsg for session id: its title, status and one
// question naming the session, so the screen shows which tab is on it.
func sessionTab(id, title, status string) TabMsg {
	msgs := []reconcile.Message{{ID: "msg_1", Role: "user", Completed: 1,
		Parts: []reconcile.Part{textPart("prt_1", "question for "+title)}}}
	return TabMsg{Session: id, SessionMsg: SessionMsg{
		Events: []reconcile.Event{{Type: reconcile.TypeSessionStatus, Session: id}},
		State: reconcile.State{Session: &reconcile.SessionInfo{ID: id, Title: title},
			Status: reconcile.Status{Type: status}, Messages: msgs}}}
}

func newTestTabs(t *testing.T, w, h int, sessions ...string) *Tabs {
	t.Helper()
	tabs := NewTabs(Options{Server: "http://127.0.0.1:4096", Now: func() time.Time { return testNow }}, sessions...)
	tabs.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return tabs
}

// screen is the view as text; every line fits the screen.
func tabsScreen(t *testing.T, tabs *Tabs) []string {
	t.Helper()
	lines := strings.Split(ansi.Strip(tabs.View().Content), "\n")
	if len(lines) > tabs.height {
		t.Errorf("view has %d lines, height %d", len(lines), tabs.height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > tabs.width {
			t.Errorf("line %d is %d wide, width %d: %q", i, w, tabs.width, l)
		}
	}
	return lines
}

func tick(tabs *Tabs) { tabs.Update(frameTickMsg{}) }

func TestTabsOneSessionLooksLikeOneView(t *testing.T) {
	tabs := newTestTabs(t, 80, 24, "ses_a")
	single := newSessionView(Options{Server: "http://127.0.0.1:4096", Now: func() time.Time { return testNow }})
	single.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	msg := sessionTab("ses_a", "alpha", "idle")
	tabs.Update(msg)
	single.Update(msg.SessionMsg)
	tick(tabs)
	single.Update(frameTickMsg{})
	if got, want := tabs.View().Content, single.View().Content; got != want {
		t.Fatalf("one session in tabs differs from the single view:\n--- tabs\n%s\n--- single\n%s", ansi.Strip(got), ansi.Strip(want))
	}
}

func TestTabsSwitchWithKeys(t *testing.T) {
	tabs := newTestTabs(t, 100, 24, "ses_a", "ses_b")
	tabs.Update(sessionTab("ses_a", "alpha", "idle"))
	tabs.Update(sessionTab("ses_b", "beta", "idle"))
	tabs.Update(sessionTab("ses_c", "gamma", "idle")) // found later: a tab of its own
	tick(tabs)
	steps := []struct {
		key, want string
	}{
		{"", "alpha"}, {"2", "beta"}, {"3", "gamma"}, {"1", "alpha"}, {"9", "alpha"},
		{"tab", "beta"}, {"tab", "gamma"}, {"tab", "alpha"}, {"shift+tab", "gamma"},
	}
	for _, s := range steps {
		switch s.key {
		case "":
		case "tab":
			tabs.Update(tea.KeyPressMsg{Code: tea.KeyTab})
		case "shift+tab":
			tabs.Update(tea.KeyPressMsg{Code: tea.KeyTab, Mod: tea.ModShift})
		default:
			tabs.Update(press(s.key))
		}
		lines := tabsScreen(t, tabs)
		body := strings.Join(lines[1:], "\n")
		if !strings.Contains(body, "question for "+s.want) || strings.Count(body, "question for") != 1 {
			t.Fatalf("after %q want the %s session alone on screen:\n%s", s.key, s.want, strings.Join(lines, "\n"))
		}
		if !strings.Contains(lines[0], "1 · alpha") || !strings.Contains(lines[0], "3 · gamma") {
			t.Fatalf("tab bar lacks the sessions: %q", lines[0])
		}
	}
}

func TestTabsSearchTypingKeepsKeys(t *testing.T) {
	tabs := newTestTabs(t, 100, 24, "ses_a", "ses_b")
	tabs.Update(sessionTab("ses_a", "alpha", "idle"))
	tabs.Update(sessionTab("ses_b", "beta", "idle"))
	tick(tabs)
	tabs.Update(press("/"))
	tabs.Update(press("2"))
	if tabs.Active() != "ses_a" || tabs.current().search.input.Value() != "2" {
		t.Fatalf("while typing a search, 2 should go to the search, not switch: active %s, query %q",
			tabs.Active(), tabs.current().search.input.Value())
	}
}

func TestTabsUnreadMarks(t *testing.T) {
	tabs := newTestTabs(t, 100, 24, "ses_a", "ses_b")
	tabs.Update(sessionTab("ses_a", "alpha", "idle"))
	tabs.Update(sessionTab("ses_b", "beta", "idle"))
	tick(tabs)
	bar := tabsScreen(t, tabs)[0]
	if !strings.Contains(bar, "beta •") || strings.Contains(bar, "alpha •") {
		t.Fatalf("the hidden session's first events should be unread, the shown one's not: %q", bar)
	}
	tabs.Update(press("2"))
	tick(tabs)
	if bar = tabsScreen(t, tabs)[0]; strings.Contains(bar, "•") {
		t.Fatalf("showing beta marks it read: %q", bar)
	}
	// A change without events (only the seq moved) is nothing new to read.
	quiet := sessionTab("ses_a", "alpha", "idle")
	quiet.Events = nil
	tabs.Update(quiet)
	if bar = tabsScreen(t, tabs)[0]; strings.Contains(bar, "alpha •") {
		t.Fatalf("a change without events marked alpha unread: %q", bar)
	}
	tabs.Update(sessionTab("ses_a", "alpha", "busy"))
	if bar = tabsScreen(t, tabs)[0]; !strings.Contains(bar, "alpha •") {
		t.Fatalf("new events of the hidden alpha should mark it unread: %q", bar)
	}
}

func TestTabsStatusMarks(t *testing.T) {
	tabs := newTestTabs(t, 160, 24, "ses_idle", "ses_busy", "ses_retry", "ses_err", "ses_gone", "ses_new")
	tabs.Update(sessionTab("ses_idle", "idle one", "idle"))
	tabs.Update(sessionTab("ses_busy", "busy one", "busy"))
	tabs.Update(sessionTab("ses_retry", "retry one", "retry"))
	failed := sessionTab("ses_err", "failed one", "idle")
	failed.State.Error = &reconcile.ErrorInfo{Name: "APIError", Message: "boom"}
	tabs.Update(failed)
	tabs.Update(sessionTab("ses_gone", "gone one", "idle"))
	tabs.Update(TabGoneMsg{Session: "ses_gone"})
	bar := tabsScreen(t, tabs)[0]
	spinner := spinnerFrames[int(testNow.UnixMilli()/100)%len(spinnerFrames)]
	for _, want := range []string{"1 · idle one", "2 " + spinner + " busy one", "3 ↻ retry one",
		"4 ✗ failed one", "5 ⊘ gone one", "6 … ses_new"} {
		if !strings.Contains(bar, want) {
			t.Errorf("bar lacks %q: %q", want, bar)
		}
	}
	// A busy hidden session keeps the frames coming for its spinner.
	_, cmd := tabs.Update(frameTickMsg{})
	if cmd == nil {
		t.Error("no next frame while a session in the bar is busy")
	}
}

func TestTabsResizeReachesHiddenTabs(t *testing.T) {
	tabs := newTestTabs(t, 100, 30, "ses_a", "ses_b")
	tabs.Update(sessionTab("ses_a", "alpha", "idle"))
	tabs.Update(sessionTab("ses_b", "beta", "idle"))
	tick(tabs)
	tabs.Update(tea.WindowSizeMsg{Width: 60, Height: 20})
	tabs.Update(press("2"))
	lines := tabsScreen(t, tabs)
	if len(lines) != 20 {
		t.Fatalf("after resize to 60x20 the view has %d lines", len(lines))
	}
	if b := tabs.tabs[1].m; b.width != 60 || b.height != 19 {
		t.Fatalf("the hidden tab was not given the new size when shown: %dx%d", b.width, b.height)
	}
}

func TestTabsBarKeepsActiveVisible(t *testing.T) {
	var ids []string
	for i := range 30 {
		ids = append(ids, "ses_"+strings.Repeat(string(rune('a'+i%26)), 3)+itoa(i))
	}
	tabs := newTestTabs(t, 60, 20, ids...)
	for _, id := range ids {
		tabs.Update(sessionTab(id, "title "+id, "idle"))
	}
	tabs.show(25)
	bar := tabsScreen(t, tabs)[0]
	if !strings.Contains(bar, "title "+ids[25]) || !strings.HasPrefix(bar, "‹") || !strings.HasSuffix(bar, "›") {
		t.Fatalf("bar should show the active tab with more on both sides: %q", bar)
	}
}

func TestTabsQuitAndBack(t *testing.T) {
	tabs := newTestTabs(t, 80, 24, "ses_a", "ses_b")
	tabs.Update(sessionTab("ses_a", "alpha", "idle"))
	if _, cmd := tabs.Update(press("q")); cmd == nil || cmd() != tea.Quit() {
		t.Fatal("q should quit")
	}
	if tabs.WentBack() {
		t.Fatal("q is not back")
	}

	back := NewTabs(Options{Back: true}, "ses_a", "ses_b")
	back.Update(sessionTab("ses_a", "alpha", "idle"))
	back.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	if _, cmd := back.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); cmd == nil || cmd() != tea.Quit() || !back.WentBack() {
		t.Fatal("esc should end the view and go back")
	}
}

func TestTabsConnectionReachesEveryTab(t *testing.T) {
	tabs := newTestTabs(t, 100, 24, "ses_a", "ses_b")
	tabs.Update(ConnMsg{State: feed.State{Phase: feed.PhaseLive, Mode: "events"}})
	tabs.Update(press("2"))
	if !strings.Contains(strings.Join(tabsScreen(t, tabs), "\n"), "live") {
		t.Fatal("the connection state should show on every tab")
	}
}

// TestTabsDefaultClockShowsBusySpinner: Options without a clock (as the
// command builds them) still draw a busy session's spinner in the bar.
func TestTabsDefaultClockShowsBusySpinner(t *testing.T) {
	tabs := NewTabs(Options{Server: "http://127.0.0.1:4096"}, "ses_a", "ses_b")
	tabs.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	tabs.Update(sessionTab("ses_b", "beta", "busy"))
	bar := tabsScreen(t, tabs)[0]
	found := false
	for _, f := range spinnerFrames {
		found = found || strings.Contains(bar, "2 "+f+" beta")
	}
	if !found {
		t.Errorf("bar lacks the busy spinner of beta: %q", bar)
	}
}

// printed runs cmd as the program would and returns what it printed above
// the view (tea.Println), frame ticks left out.
func printed(cmd tea.Cmd) string {
	if cmd == nil {
		return ""
	}
	msg := cmd()
	if v := reflect.ValueOf(msg); v.Kind() == reflect.Slice { // a sequence or batch of commands
		var out []string
		for i := range v.Len() {
			if c, ok := v.Index(i).Interface().(tea.Cmd); ok {
				out = append(out, printed(c))
			}
		}
		return strings.Join(out, "")
	}
	if _, tick := msg.(frameTickMsg); tick {
		return ""
	}
	return fmt.Sprint(msg)
}

// TestTabsInlinePrintsOnTheNextFrame: an inline view of one session
// prints each finished message once, on the frame after it arrived, even
// when a resize laid it out first.
func TestTabsInlinePrintsOnTheNextFrame(t *testing.T) {
	tabs := NewTabs(Options{Inline: true, AltScreen: true}, "ses_1")
	tabs.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	running := reconcile.Message{ID: "msg_999", Role: "assistant", Parts: []reconcile.Part{
		{ID: "live_p", Type: "text", Text: "still streaming here"}}}
	tabs.Update(SessionMsg{State: reconcile.State{Messages: append(conversation(2), running), Status: reconcile.Status{Type: "busy"}}})
	tabs.Update(tea.WindowSizeMsg{Width: 90, Height: 30}) // lays the tab out before the frame
	_, cmd := tabs.Update(frameTickMsg{})
	out := ansi.Strip(printed(cmd))
	if !strings.Contains(out, "answer 1:") || strings.Contains(out, "still streaming here") {
		t.Fatalf("the frame should print the finished answers and keep the running one: %q", out)
	}
	_, cmd = tabs.Update(frameTickMsg{})
	if again := ansi.Strip(printed(cmd)); strings.Contains(again, "answer") {
		t.Errorf("a message was printed twice: %q", again)
	}
	v := tabs.View()
	if v.AltScreen || strings.Contains(v.Content, "answer 1:") || !strings.Contains(v.Content, "still streaming here") {
		t.Errorf("inline: no alternate screen, only the running message in the view (alt %v):\n%s", v.AltScreen, v.Content)
	}
}

// TestTabsPlainSessionMsgGoesToTheOnlyTab: a SessionMsg without a tab
// name is the first session's, and makes its tab when there is none yet.
func TestTabsPlainSessionMsgGoesToTheOnlyTab(t *testing.T) {
	named := newTestTabs(t, 80, 24, "ses_a")
	named.Update(sessionTab("ses_x", "alpha", "idle").SessionMsg)
	tick(named)
	if len(named.tabs) != 1 || !strings.Contains(strings.Join(tabsScreen(t, named), "\n"), "question for alpha") {
		t.Fatalf("a plain SessionMsg should go to the only tab, %d tabs:\n%s", len(named.tabs), strings.Join(tabsScreen(t, named), "\n"))
	}
	empty := newTestTabs(t, 80, 24)
	empty.Update(sessionTab("ses_x", "alpha", "idle").SessionMsg)
	if empty.Active() != "ses_x" || len(empty.tabs) != 1 {
		t.Fatalf("want one tab for the session the message names, got %d, active %q", len(empty.tabs), empty.Active())
	}
}

// TestTabsFirstSessionFoundLaterFillsTheScreen: a view started without
// sessions (--all, or a replay) shows the first one found at the size of
// the screen it already knows.
func TestTabsFirstSessionFoundLaterFillsTheScreen(t *testing.T) {
	tabs := newTestTabs(t, 120, 40)
	tabs.Update(sessionTab("ses_a", "alpha", "idle"))
	tick(tabs)
	if lines := tabsScreen(t, tabs); len(lines) != 40 || tabs.current().width != 120 {
		t.Fatalf("want the session on the whole 120x40 screen, got %d lines at width %d", len(lines), tabs.current().width)
	}
}
