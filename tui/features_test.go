package tui

import (
	"regexp"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

func typeText(m viewRoot, s string) {
	for _, r := range s {
		m.Update(tea.KeyPressMsg{Code: r, Text: string(r)})
	}
}

func TestSearchFindsHighlightsAndSteps(t *testing.T) {
	m := newTestModel(t, 80, 24, 8)
	send(m, "/")
	if !m.search.typing || !strings.Contains(assertScreen(t, m), "/") {
		t.Fatal("/ should open the search prompt")
	}
	typeText(m, "ANSWER 3")
	m.Update(press("enter"))
	if m.search.typing || m.search.total != 1 || m.search.index != 1 {
		t.Fatalf("want one match, the current one: typing=%v total=%d index=%d", m.search.typing, m.search.total, m.search.index)
	}
	if m.follow {
		t.Error("jumping to a match above should pause following")
	}
	screen := m.View().Content
	if !strings.Contains(ansi.Strip(screen), "answer 3:") || !strings.Contains(assertScreen(t, m), "1/1") {
		t.Errorf("the match and its count should be on screen:\n%s", ansi.Strip(screen))
	}
	if !strings.Contains(screen, m.search.style.Render("answer 3")) {
		t.Errorf("the match is not highlighted:\n%q", screen)
	}

	send(m, "esc")
	send(m, "/")
	typeText(m, "question")
	m.Update(press("enter"))
	if m.search.total != 8 {
		t.Fatalf("want 8 questions, got %d", m.search.total)
	}
	first, index := m.search.at, m.search.index
	send(m, "n")
	if !first.less(m.search.at) && m.search.index != 1 || m.search.index != index%8+1 {
		t.Errorf("n should move to a later match: %v -> %v (index %d)", first, m.search.at, m.search.index)
	}
	second := m.search.at
	send(m, "N")
	if m.search.at != first {
		t.Errorf("N should go back: %v, want %v (from %v)", m.search.at, first, second)
	}
	for range 8 {
		send(m, "n")
	}
	if m.search.at != first {
		t.Errorf("n should wrap around to %v, at %v", first, m.search.at)
	}
	send(m, "esc")
	if m.search.query != "" || strings.Contains(m.View().Content, m.search.style.Render("question")) {
		t.Error("esc should clear the search and its highlights")
	}
}

func TestSearchEscWhileTypingCancels(t *testing.T) {
	m := newTestModel(t, 80, 24, 3)
	send(m, "/")
	typeText(m, "zzz-nothing")
	if m.search.total != 0 || !strings.Contains(assertScreen(t, m), "zzz-nothing") {
		t.Errorf("prompt should show the query, with no matches")
	}
	send(m, "esc")
	if m.search.typing || m.search.query != "" {
		t.Error("esc should close the prompt and drop the query")
	}
	send(m, "q") // a normal key again
}

func TestTimestampsToggle(t *testing.T) {
	m := newTestModel(t, 80, 40, 0)
	created := time.Date(2026, 3, 4, 5, 6, 7, 0, time.Local)
	m.Update(SessionMsg{State: reconcile.State{Messages: []reconcile.Message{{ID: "m1", Role: "user",
		Created: created.UnixMilli(), Parts: []reconcile.Part{textPart("p", "hi")}}}}})
	m.Update(frameTickMsg{})
	if strings.Contains(assertScreen(t, m), "05:06:07") {
		t.Fatal("timestamps should start off")
	}
	send(m, "t")
	if !strings.Contains(assertScreen(t, m), "You · 05:06:07") {
		t.Errorf("t should show the message time:\n%s", assertScreen(t, m))
	}
	send(m, "t")
	if strings.Contains(assertScreen(t, m), "05:06:07") {
		t.Error("second t should hide it again")
	}
}

func TestTooSmallNotice(t *testing.T) {
	m := newTestModel(t, 120, 40, 3)
	for _, size := range [][2]int{{39, 30}, {80, 9}, {20, 3}, {1, 1}, {0, 0}, {3, 1}} {
		m.Update(tea.WindowSizeMsg{Width: size[0], Height: size[1]})
		send(m, "k", "/", "x", "esc", "?", "?", "G")
		screen := assertScreen(t, m)
		if size[0] >= 20 && !strings.Contains(screen, "terminal too small") {
			t.Errorf("%dx%d: want the too-small notice, got:\n%s", size[0], size[1], screen)
		}
	}
	m.Update(tea.WindowSizeMsg{Width: MinWidth, Height: MinHeight})
	screen := assertScreen(t, m)
	if strings.Contains(screen, "too small") || !strings.Contains(screen, "following") || !strings.Contains(screen, "step") {
		t.Errorf("40x10 should show the conversation:\n%s", screen)
	}
}

var colourSGR = regexp.MustCompile(`\x1b\[[0-9;:]*(3[0-9]|4[0-9]|9[0-7]|10[0-7])[;m:]`)

func TestColorOff(t *testing.T) {
	cases := map[string]func(t *testing.T) Options{
		"off": func(*testing.T) Options { return Options{Color: false} },
	}
	for name, opts := range cases {
		t.Run(name, func(t *testing.T) {
			m := newTestRoot(opts(t))
			m.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
			m.Update(SessionMsg{State: reconcile.State{Messages: append(conversation(2), reconcile.Message{ID: "z",
				Role: "assistant", Parts: []reconcile.Part{textPart("md", "# Title\n\n**bold** and `code`\n\n```go\nfunc x() {}\n```")}})}})
			m.Update(frameTickMsg{})
			send(m, "/")
			typeText(m, "answer")
			if v := m.View().Content; colourSGR.MatchString(v) {
				t.Errorf("colour codes with colour off: %q", colourSGR.FindString(v))
			}
		})
	}
	m := newTestModel(t, 100, 40, 2)
	if !colourSGR.MatchString(m.View().Content) {
		t.Error("the default view should have colour; the check above would pass vacuously")
	}
}

func TestMarkdownRendersAndStaysInert(t *testing.T) {
	m := newTestModel(t, 80, 40, 0)
	text := "# Heading\n\nSome **bold** text with a [link](http://example.com/x) &#x1b;[2J &#27;]0;t&#7; and \x1b]0;title\x07 \x1b[2J\x9b31m\r.\n\n- item one\n- item two"
	m.Update(SessionMsg{State: reconcile.State{Messages: []reconcile.Message{{ID: "m", Role: "assistant",
		Parts: []reconcile.Part{textPart("p", text)}}}}})
	m.Update(frameTickMsg{})
	it := m.lay.items[m.lay.byKey[itemKey{kindPart, "p"}]]
	if !it.cached.rich {
		t.Fatal("a text part on screen should be rendered as Markdown")
	}
	v := m.View().Content
	assertInert(t, "markdown view", v)
	screen := ansi.Strip(v)
	for _, want := range []string{"Heading", "bold", "• item one", "http://example.com/x"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	if strings.Contains(screen, "**bold**") || strings.Contains(screen, "# Heading") && m.color {
		t.Errorf("Markdown syntax should be rendered, not shown:\n%s", screen)
	}
}

func TestStreamingTextKeepsSettledMarkdown(t *testing.T) {
	st := DefaultStyles(true)
	md := newMarkdown(true, true)
	var c textStream
	o := renderOpts{Width: 60, Wrap: true, Markdown: md}
	p := reconcile.Part{Type: "text", Text: "# Done part\n\nfirst paragraph\n\nstill grow"}
	first := renderMarkdownText(&st, o, p, &c)
	var cached [][]string
	for _, seg := range c.segs {
		cached = append(cached, seg.lines)
	}
	p.Text += "ing words"
	second := renderMarkdownText(&st, o, p, &c)
	if len(cached) != 2 || len(c.segs) != 2 || &cached[0][0] != &c.segs[0].lines[0] || &cached[1][0] != &c.segs[1].lines[0] {
		t.Error("the settled blocks should not be rendered again while the tail grows")
	}
	if got := ansi.Strip(second[len(second)-1]); got != "still growing words" {
		t.Errorf("tail = %q", got)
	}
	if len(first) != len(second) {
		t.Errorf("growing the tail by a word should not reflow: %d -> %d lines", len(first), len(second))
	}
	settled, tail := settledSplit("a\n\n```\ncode\n\nmore\n")
	if settled != "a\n\n" || tail != "```\ncode\n\nmore\n" {
		t.Errorf("an open fence must stay in the tail: %q / %q", settled, tail)
	}
}

func TestMouseWheelScrolls(t *testing.T) {
	m := newTestModel(t, 80, 24, 10)
	top := m.top
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelUp})
	if m.top != top-3 || m.follow {
		t.Errorf("wheel up: top %d -> %d, follow %v", top, m.top, m.follow)
	}
	m.Update(tea.MouseWheelMsg{Button: tea.MouseWheelDown})
	if m.top != top || !m.follow {
		t.Errorf("wheel down back to the end should resume following: top %d, follow %v", m.top, m.follow)
	}
}

func TestHelpComesFromTheKeyMap(t *testing.T) {
	m := newTestModel(t, 120, 40, 1)
	short := assertScreen(t, m)
	for _, b := range m.keys.ShortHelp() {
		if b.Enabled() == !strings.Contains(short, b.Help().Desc) {
			t.Errorf("short help: %q shown %v, enabled %v", b.Help().Desc, !b.Enabled(), b.Enabled())
		}
	}
	send(m, "?")
	full := assertScreen(t, m)
	for _, col := range m.keys.FullHelp() {
		for _, b := range col {
			if b.Enabled() && (!strings.Contains(full, b.Help().Key) || !strings.Contains(full, b.Help().Desc)) {
				t.Errorf("full help lacks %q %q", b.Help().Key, b.Help().Desc)
			}
		}
	}
}

// TestColorIsTheCallersDecision: the view obeys Options.Color whatever
// the environment says; NO_COLOR and CLICOLOR_FORCE are the caller's.
func TestColorIsTheCallersDecision(t *testing.T) {
	t.Setenv("NO_COLOR", "1")
	on := newTestRoot(Options{Color: true})
	on.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	feedPairs(on, 2)
	if !colourSGR.MatchString(on.View().Content) {
		t.Error("Color true under NO_COLOR: the view should still colour")
	}
	t.Setenv("CLICOLOR_FORCE", "1")
	off := NewStream(Options{})
	off.Update(tea.WindowSizeMsg{Width: 100, Height: 40})
	off.Update(streamBatch(feed.KindJSON, `{"a":1}`))
	off.Update(frameTickMsg{})
	if v := off.View().Content; colourSGR.MatchString(v) || !strings.Contains(v, `{"a":1}`) {
		t.Errorf("Color false under CLICOLOR_FORCE: want the message without colour codes: %q", v)
	}
}

// TestTimestampsToggleShowsWithNoHeaderOnScreen: deep in a long answer no
// message header is in view, yet t must change what the screen shows; the
// notice leaves the help line when its time is over.
func TestTimestampsToggleShowsWithNoHeaderOnScreen(t *testing.T) {
	clock := testNow
	m := newTestRoot(Options{Now: func() time.Time { return clock }, Color: true})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 12})
	m.Update(SessionMsg{State: reconcile.State{Messages: []reconcile.Message{
		{ID: "m1", Role: "user", Created: testNow.UnixMilli(), Parts: []reconcile.Part{textPart("p0", "hi")}},
		{ID: "m2", Role: "assistant", Created: testNow.UnixMilli(), Parts: []reconcile.Part{
			textPart("p1", strings.Repeat("a long answer line\n\n", 30))}}}}})
	m.Update(frameTickMsg{})
	before := assertScreen(t, m)
	if strings.Contains(before, "You") || strings.Contains(before, "Assistant") {
		t.Fatalf("the test needs a screen with no message header:\n%s", before)
	}
	send(m, "t")
	on := assertScreen(t, m)
	if on == before || !strings.Contains(lastLine(on), "timestamps on") {
		t.Errorf("t should say so on the bottom line:\nbefore:\n%s\nafter:\n%s", before, on)
	}
	clock = clock.Add(noticeFor)
	if s := assertScreen(t, m); strings.Contains(s, "timestamps on") {
		t.Errorf("the notice should go after %v:\n%s", noticeFor, s)
	}
	send(m, "t")
	if s := assertScreen(t, m); !strings.Contains(lastLine(s), "timestamps off") {
		t.Errorf("a second t should say off:\n%s", s)
	}
}

func lastLine(s string) string {
	lines := strings.Split(strings.TrimRight(s, "\n"), "\n")
	return lines[len(lines)-1]
}

// TestToolLinesOptionReachesTheScreen: Options.ToolLines (--tool-lines)
// sets how much of a finished tool's output the screen shows, in the live
// view and in what --inline prints.
func TestToolLinesOptionReachesTheScreen(t *testing.T) {
	msgs := []reconcile.Message{{ID: "m1", Role: "assistant", Completed: 2, Parts: []reconcile.Part{
		toolPart("t1", "completed", "out1\nout2\nout3\nout4\nout5\nout6\n", "")}}}
	for _, tc := range []struct {
		setting   int
		shown     string
		hidden    string
		remainder string
	}{
		{0, "out4", "out5", "2 more lines"},
		{2, "out2", "out3", "4 more lines"},
		{-1, "", "out1", "6 lines of output"},
	} {
		m := newTestRoot(Options{Now: func() time.Time { return testNow }, ToolLines: tc.setting})
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
		m.Update(SessionMsg{State: reconcile.State{Messages: msgs}})
		m.Update(frameTickMsg{})
		screen := assertScreen(t, m)
		printed := strings.Join(m.printLines(m.lay.items[len(m.lay.items)-1]), "\n")
		for what, s := range map[string]string{"screen": screen, "printed": printed} {
			if tc.shown != "" && !strings.Contains(s, tc.shown) || strings.Contains(s, tc.hidden) || !strings.Contains(s, tc.remainder) {
				t.Errorf("ToolLines %d, %s:\n%s", tc.setting, what, s)
			}
		}
	}
}
