package tui

import (
	"errors"
	"fmt"
	"image/color"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

// The screen goldens pin whole screens, colour codes included, of the
// session view and the Durable Streams view, so a change of how the views
// are put together cannot change what the user sees.

// viewRoot is a program root as the tests drive it.
type viewRoot interface {
	Update(tea.Msg) (tea.Model, tea.Cmd)
	View() tea.View
}

func goldenOpts(o Options) Options {
	o.Server = "http://127.0.0.1:4096"
	o.Now = func() time.Time { return testNow }
	return o
}

// newSessionRoot is the view of one session as the command starts it.
func newSessionRoot(o Options) viewRoot { return NewTabs(goldenOpts(o), "ses_1") }

// newStreamRoot is the view of one Durable Stream as the command starts it.
func newStreamRoot(o Options) viewRoot { return NewStream(goldenOpts(o)) }

// screenGolden is the screen and what the view asks of the terminal.
func screenGolden(v tea.View) string {
	return fmt.Sprintf("title=%q alt=%v mouse=%v\n%s\n", v.WindowTitle, v.AltScreen, v.MouseMode, v.Content)
}

func drive(root viewRoot, msgs ...tea.Msg) {
	for _, msg := range msgs {
		root.Update(msg)
	}
}

func keys(ks ...string) []tea.Msg {
	out := make([]tea.Msg, len(ks))
	for i, k := range ks {
		out[i] = press(k)
	}
	return out
}

func sessionState(n int, status string) SessionMsg {
	return SessionMsg{State: reconcile.State{
		Session:  &reconcile.SessionInfo{ID: "ses_1", Title: "Fix the tests"},
		Status:   reconcile.Status{Type: status},
		Messages: conversation(n)}, LastSeq: 41, HasSeq: true}
}

var live = ConnMsg{State: feed.State{Phase: feed.PhaseLive, Mode: "events"}}

func TestSessionScreens(t *testing.T) {
	retrying := ConnMsg{State: feed.State{Phase: feed.PhaseRetrying, Attempt: 2, RetryIn: 3 * time.Second, Err: errors.New("connection refused")}}
	running := sessionState(2, "busy")
	running.State.Messages = append(running.State.Messages, reconcile.Message{ID: "msg_999", Role: "assistant",
		Parts: []reconcile.Part{{ID: "live_p", Type: "text", Text: "still streaming **here**"}}})
	checkScreens(t, newSessionRoot, 80, 24, []screenCase{
		{"empty", Options{Color: true, AltScreen: true, Mouse: true}, nil},
		{"following", Options{Color: true, AltScreen: true, Mouse: true}, []tea.Msg{sessionState(3, "idle"), live}},
		{"paused_expanded", Options{Color: true, AltScreen: true}, append([]tea.Msg{sessionState(3, "idle"), live, frameTickMsg{}},
			keys("k", "k", "k", "enter")...)},
		{"search", Options{Color: true, AltScreen: true}, append([]tea.Msg{sessionState(4, "idle"), live, frameTickMsg{}},
			append(keys("/", "a", "n", "s", "w", "e", "r", " ", "1"), press("enter"))...)},
		{"help_timestamps_nowrap", Options{Color: true, AltScreen: true, Timestamps: true}, append([]tea.Msg{sessionState(2, "idle"), live, frameTickMsg{}},
			keys("?", "w")...)},
		{"back_help", Options{Color: true, AltScreen: true, Back: true}, []tea.Msg{sessionState(1, "idle")}},
		{"busy_retrying", Options{Color: true, AltScreen: true}, []tea.Msg{running, retrying}},
		{"no_colour", Options{AltScreen: true}, []tea.Msg{sessionState(2, "idle"), live}},
		{"inline", Options{Color: true, Inline: true}, []tea.Msg{running, live}},
		{"too_small", Options{Color: true, AltScreen: true}, []tea.Msg{sessionState(1, "idle"), tea.WindowSizeMsg{Width: 30, Height: 8}}},
	})
}

func streamBatch(kind feed.Kind, data ...string) StreamMsg {
	b := &feed.Batch{Kind: kind}
	for _, d := range data {
		b.Messages = append(b.Messages, feed.Message{Data: []byte(d)})
	}
	return NewStreamMsg(b)
}

func TestStreamScreens(t *testing.T) {
	json := streamBatch(feed.KindJSON, `{"user":"ada","n":[1,2]}`, `42`, `{"note":"a fairly long value that has to wrap on narrow screens, and then some more"}`)
	lines := streamBatch(feed.KindLines, "one", "two \x1b[31mred\x1b[0m", "")
	closed := ConnMsg{State: feed.State{Phase: feed.PhaseClosed, Offset: "0_9"}}
	liveOffset := ConnMsg{State: feed.State{Phase: feed.PhaseLive, Mode: "sse", Offset: "0_5"}}
	checkScreens(t, newStreamRoot, 80, 16, []screenCase{
		{"empty", Options{Color: true, AltScreen: true}, nil},
		{"following", Options{Color: true, AltScreen: true, Mouse: true}, []tea.Msg{json, lines, liveOffset}},
		{"closed", Options{Color: true, AltScreen: true}, []tea.Msg{lines, closed}},
		{"expanded_paused", Options{Color: true, AltScreen: true}, append([]tea.Msg{lines, json, liveOffset, frameTickMsg{}},
			keys("k", "k", "enter")...)},
		{"timestamps_search", Options{Color: true, AltScreen: true, Timestamps: true}, append([]tea.Msg{json, lines, liveOffset, frameTickMsg{}},
			append(keys("/", "o", "n"), press("enter"))...)},
		{"inline", Options{Color: true, Inline: true}, []tea.Msg{json, lines, liveOffset}},
	})
}

// screenCase is a view made with opts and fed msgs.
type screenCase struct {
	name string
	opts Options
	msgs []tea.Msg
}

// checkScreens compares the screen of each case, on a w x h terminal with
// a dark background, after a frame, with its golden file.
func checkScreens(t *testing.T, newRoot func(Options) viewRoot, w, h int, cases []screenCase) {
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			root := newRoot(tc.opts)
			drive(root, tea.WindowSizeMsg{Width: w, Height: h}, tea.BackgroundColorMsg{Color: color.Black})
			drive(root, tc.msgs...)
			drive(root, frameTickMsg{})
			golden.RequireEqual(t, screenGolden(root.View()))
		})
	}
}
