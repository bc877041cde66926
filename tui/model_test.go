package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

var testNow = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func press(k string) tea.KeyPressMsg {
	special := map[string]rune{"up": tea.KeyUp, "down": tea.KeyDown, "pgup": tea.KeyPgUp, "pgdown": tea.KeyPgDown,
		"home": tea.KeyHome, "end": tea.KeyEnd, "enter": tea.KeyEnter, "space": tea.KeySpace}
	if code, ok := special[k]; ok {
		return tea.KeyPressMsg{Code: code}
	}
	if k == "ctrl+c" {
		return tea.KeyPressMsg{Code: 'c', Mod: tea.ModCtrl}
	}
	return tea.KeyPressMsg{Code: rune(k[0]), Text: k}
}

// testView is the view of one session as the program runs it: messages go
// to the Tabs root, and the fields a test looks at are those of the session
// on screen.
type testView struct {
	*sessionView
	root *Tabs
}

func (v *testView) Update(msg tea.Msg) (tea.Model, tea.Cmd) { return v.root.Update(msg) }
func (v *testView) View() tea.View                          { return v.root.View() }

// screenRoot is a view under test that tells its screen size.
type screenRoot interface {
	viewRoot
	screenSize() (w, h int)
}

func (m *pane) screenSize() (w, h int) { return m.width, m.height }

// newTestRoot is the view of one session, ses_1, as the command makes it.
func newTestRoot(opts Options) *testView {
	root := NewTabs(opts, "ses_1")
	return &testView{sessionView: root.current(), root: root}
}

// newTestModel is a model of size w x h holding n question/answer pairs,
// laid out as after a frame tick.
func newTestModel(t testing.TB, w, h, n int) *testView {
	t.Helper()
	clock := testNow
	m := newTestRoot(Options{Server: "http://127.0.0.1:4096", Now: func() time.Time { return clock }, Color: true})
	m.Update(tea.WindowSizeMsg{Width: w, Height: h})
	feedPairs(m, n)
	return m
}

// newTestStream is a Durable Streams view of size w x h.
func newTestStream(t testing.TB, w, h int) *Stream {
	t.Helper()
	s := NewStream(Options{Server: "http://127.0.0.1:4437/v1/stream/x", Now: func() time.Time { return testNow }, Color: true})
	s.Update(tea.WindowSizeMsg{Width: w, Height: h})
	return s
}

func feedPairs(m viewRoot, n int) {
	m.Update(SessionMsg{State: reconcile.State{
		Session:  &reconcile.SessionInfo{ID: "ses_1", Title: "Fix the tests"},
		Status:   reconcile.Status{Type: "idle"},
		Messages: conversation(n)}})
	m.Update(frameTickMsg{})
}

func send(m viewRoot, keys ...string) {
	for _, k := range keys {
		m.Update(press(k))
	}
}

func assertScreen(t *testing.T, m screenRoot) string {
	t.Helper()
	content := m.View().Content
	width, height := m.screenSize()
	lines := strings.Split(content, "\n")
	if len(lines) > max(1, height) {
		t.Errorf("view has %d lines, height %d", len(lines), height)
	}
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d wide, width %d: %q", i, w, width, l)
		}
	}
	return ansi.Strip(content)
}

func TestFollowPausesAndResumes(t *testing.T) {
	for _, tc := range []struct{ name, pause, resume string }{
		{"k then G", "k", "G"},
		{"up then end", "up", "end"},
		{"pgup then end", "pgup", "end"},
		{"home then G", "home", "G"},
	} {
		t.Run(tc.name, func(t *testing.T) {
			m := newTestModel(t, 80, 24, 5)
			if !m.follow || m.top != m.maxTop() {
				t.Fatalf("want following at the end, follow=%v top=%d max=%d", m.follow, m.top, m.maxTop())
			}
			send(m, tc.pause, tc.pause)
			if m.follow {
				t.Fatal("scrolling up should pause following")
			}
			top := m.top
			feedPairs(m, 7) // two more pairs arrive
			if m.top != top {
				t.Errorf("paused view moved from %d to %d", top, m.top)
			}
			if m.newBelow() == 0 || !strings.Contains(assertScreen(t, m), "new below") {
				t.Errorf("want an 'N new below' badge, got %d:\n%s", m.newBelow(), assertScreen(t, m))
			}
			send(m, tc.resume)
			if !m.follow || m.top != m.maxTop() || m.cursorIndex() != len(m.lay.items)-1 {
				t.Errorf("%s should return to live: follow=%v top=%d max=%d", tc.resume, m.follow, m.top, m.maxTop())
			}
			if !strings.Contains(assertScreen(t, m), "answer 6") {
				t.Errorf("live view should show the newest answer:\n%s", assertScreen(t, m))
			}
		})
	}
}

func TestScrollingDownToTheEndResumesFollow(t *testing.T) {
	m := newTestModel(t, 80, 24, 5)
	send(m, "pgup", "pgup")
	if m.follow {
		t.Fatal("want paused")
	}
	send(m, "pgdown", "pgdown", "pgdown")
	if !m.follow {
		t.Error("reaching the end again should resume following")
	}
}

func TestExpandToggles(t *testing.T) {
	m := newTestModel(t, 80, 24, 3)
	tool := m.lay.byKey[itemKey{kindPart, "msg_000001_b_2"}]
	for range 100 {
		if m.cursorIndex() == tool {
			break
		}
		send(m, "k")
	}
	if m.cursorIndex() != tool {
		t.Fatalf("k never reached the tool item %d, cursor at %d", tool, m.cursorIndex())
	}
	before := m.lay.total()
	send(m, "enter")
	if got := strings.Join(m.lines(m.lay.items[tool]), "\n"); strings.Count(got, "ok line") != 5 {
		t.Fatalf("enter should expand the tool output, got %q", got)
	}
	if m.lay.total() != before { // 4 lines and "1 more line" become 5 lines
		t.Errorf("total lines %d, want %d", m.lay.total(), before)
	}
	send(m, "space")
	if m.lay.total() != before {
		t.Errorf("space should collapse again: total %d, want %d", m.lay.total(), before)
	}

	send(m, "e")
	for _, it := range m.lay.items {
		if it.kind == kindPart && it.part.Type == "tool" && !m.expanded(it) {
			t.Errorf("e should expand every tool, %s is collapsed", it.key.id)
		}
	}
	send(m, "e")
	if m.lay.total() != before {
		t.Errorf("second e should collapse all: total %d, want %d", m.lay.total(), before)
	}
}

func TestWrapToggle(t *testing.T) {
	m := newTestModel(t, 40, 20, 2)
	wrapped := m.lay.total()
	send(m, "w")
	if m.wrap || m.lay.total() >= wrapped {
		t.Errorf("w should turn wrapping off and shorten the layout: %d -> %d", wrapped, m.lay.total())
	}
	assertScreen(t, m)
}

func TestResizeNeverPanicsOrOverflows(t *testing.T) {
	m := newTestModel(t, 120, 40, 20)
	for _, size := range [][2]int{{80, 24}, {40, 10}, {20, 5}, {1, 1}, {0, 0}, {3, 2}, {200, 60}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		send(m, "k", "pgup", "enter", "j", "G", "?", "e", "w")
		assertScreen(t, m)
		send(m, "?", "w")
	}
}

func TestUpdatesAreCoalescedIntoFrames(t *testing.T) {
	m := newTestModel(t, 80, 24, 1)
	items := len(m.lay.items)
	_, first := m.Update(SessionMsg{State: reconcile.State{Messages: conversation(3)}})
	_, second := m.Update(SessionMsg{State: reconcile.State{Messages: conversation(4)}})
	if first == nil || second != nil {
		t.Errorf("want one frame tick armed for a burst, got %v and %v", first != nil, second != nil)
	}
	if len(m.lay.items) != items {
		t.Error("layout should wait for the frame tick")
	}
	m.Update(frameTickMsg{})
	if len(m.lay.items) == items || !strings.Contains(assertScreen(t, m), "answer 3") {
		t.Errorf("the tick should lay out the latest state:\n%s", assertScreen(t, m))
	}
}

func TestStatusAndConnectionLines(t *testing.T) {
	m := newTestModel(t, 100, 20, 1)
	m.Update(ConnMsg{State: feed.State{Phase: feed.PhaseRetrying, Attempt: 3, RetryIn: 5 * time.Second, Err: errors.New("connection refused")}})
	m.opts.Now = func() time.Time { return testNow.Add(2 * time.Second) }
	m.Update(SessionMsg{State: reconcile.State{Messages: conversation(1),
		Status: reconcile.Status{Type: "retry", Attempt: 2, Message: "rate limited", Next: testNow.Add(9 * time.Second).UnixMilli()}}})
	screen := assertScreen(t, m)
	// The session's own status is stale while the server is out of reach.
	for _, want := range []string{"reconnecting in 3s (attempt 3): connection refused", "○ offline",
		"in 100 · out 20 · $0.0010", "build · mock/m1"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "retry 2") {
		t.Errorf("a stale session retry is shown while offline:\n%s", screen)
	}
	m.Update(ConnMsg{State: feed.State{Phase: feed.PhaseLive, Mode: "sse", Offset: "42_7"}})
	if screen := assertScreen(t, m); !strings.Contains(screen, "retry 2 in 7s: rate limited") {
		t.Errorf("back online, the session's retry should show:\n%s", screen)
	}
	if screen := assertScreen(t, m); !strings.Contains(screen, "● live · sse · offset 42_7") {
		t.Errorf("want the live line with its offset:\n%s", screen)
	}
}

func TestQuitKeys(t *testing.T) {
	for _, k := range []string{"q", "ctrl+c"} {
		m := newTestModel(t, 80, 24, 1)
		_, cmd := m.Update(press(k))
		if cmd == nil {
			t.Fatalf("%s returned no command", k)
		}
		if _, ok := cmd().(tea.QuitMsg); !ok {
			t.Errorf("%s should quit", k)
		}
	}
}

func TestStreamMessagesAppendAndCopy(t *testing.T) {
	m := newTestStream(t, 60, 12)
	data := []byte(`{"a":1}`)
	msg := NewStreamMsg(&feed.Batch{Kind: feed.KindJSON, Messages: []feed.Message{{Data: data}}})
	copy(data, `{"b":2}`) // the reader reuses its buffer
	m.Update(msg)
	m.Update(frameTickMsg{})
	if screen := assertScreen(t, m); !strings.Contains(screen, `{"a":1}`) {
		t.Errorf("stream message missing or not copied:\n%s", screen)
	}
}

func TestStreamHeaderAndEnd(t *testing.T) {
	m := newTestStream(t, 80, 12)
	m.Update(NewStreamMsg(&feed.Batch{Kind: feed.KindLines, Messages: []feed.Message{{Data: []byte("one")}, {Data: []byte("two")}}}))
	m.Update(ConnMsg{State: feed.State{Phase: feed.PhaseClosed, Offset: "0_9"}})
	m.Update(frameTickMsg{})
	screen := assertScreen(t, m)
	for _, want := range []string{"2 messages", "closed: end of stream", "offset 0_9"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	for _, unwanted := range []string{"no session yet", "$0"} {
		if strings.Contains(screen, unwanted) {
			t.Errorf("stream screen shows session-only %q:\n%s", unwanted, screen)
		}
	}
}

// TestStreamJSONPrettyOnDemand: a JSON message shows compact on one line;
// enter on it indents it, enter again compacts it back. Scalars have
// nothing to expand.
func TestStreamJSONPrettyOnDemand(t *testing.T) {
	m := newTestStream(t, 60, 16)
	m.Update(NewStreamMsg(&feed.Batch{Kind: feed.KindJSON, Messages: []feed.Message{
		{Data: []byte(`42`)}, {Data: []byte(`{"user":"ada","n":[1,2]}`)}}}))
	m.Update(frameTickMsg{})
	compact := `{"user":"ada","n":[1,2]}`
	if screen := assertScreen(t, m); !strings.Contains(screen, compact) {
		t.Fatalf("compact JSON missing:\n%s", screen)
	}
	send(m, "enter")
	screen := assertScreen(t, m)
	for _, want := range []string{`"user": "ada",`, `  "n": [`, `    1,`} {
		if !strings.Contains(screen, want) {
			t.Errorf("expanded JSON lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, compact) {
		t.Errorf("expanded JSON still shown compact:\n%s", screen)
	}
	send(m, "enter")
	if screen := assertScreen(t, m); !strings.Contains(screen, compact) {
		t.Errorf("enter again should compact it:\n%s", screen)
	}
	if (&item{kind: kindStream, data: streamEntry{Kind: feed.KindJSON, Data: "42"}}).collapsible() {
		t.Error("a scalar should not be expandable")
	}
}

// TestStreamRoot: the stream view takes stream batches and connection
// changes, ignores session changes, and has the keys of every view.
func TestStreamRoot(t *testing.T) {
	s := NewStream(Options{Back: true, Now: func() time.Time { return testNow }})
	s.Update(tea.WindowSizeMsg{Width: 80, Height: 12})
	s.Update(SessionMsg{State: hostileState()})
	s.Update(streamBatch(feed.KindLines, "first line"))
	s.Update(frameTickMsg{})
	screen := assertScreen(t, s)
	if strings.Contains(screen, "evil") || !strings.Contains(screen, "first line") || !strings.Contains(screen, "1 messages") {
		t.Errorf("want only the stream message on the stream view:\n%s", screen)
	}
	if v := s.View(); v.WindowTitle != "dstail" {
		t.Errorf("window title %q", v.WindowTitle)
	}
	if _, cmd := s.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); cmd == nil || cmd() != tea.Quit() || !s.WentBack() {
		t.Error("esc should end a stream view opened with Back")
	}
	if _, cmd := NewStream(Options{}).Update(press("q")); cmd == nil || cmd() != tea.Quit() {
		t.Error("q should quit the stream view")
	}
}
