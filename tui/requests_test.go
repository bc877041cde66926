package tui

import (
	"errors"
	"fmt"
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/reconcile"
)

// fakeActor records the calls of the view and answers with err.
type fakeActor struct {
	calls []string
	err   error
}

func (f *fakeActor) ReplyPermission(s, id, reply, msg string) error {
	f.calls = append(f.calls, fmt.Sprintf("permission %s %s %s %q", s, id, reply, msg))
	return f.err
}
func (f *fakeActor) ReplyQuestion(s, id string, answers [][]string) error {
	f.calls = append(f.calls, fmt.Sprintf("question %s %s %q", s, id, answers))
	return f.err
}
func (f *fakeActor) RejectQuestion(s, id string) error {
	f.calls = append(f.calls, "reject "+s+" "+id)
	return f.err
}
func (f *fakeActor) Abort(s string) error { f.calls = append(f.calls, "abort "+s); return f.err }
func (f *fakeActor) Prompt(s, text string) error {
	f.calls = append(f.calls, fmt.Sprintf("prompt %s %q", s, text))
	return f.err
}

const reqSession = "ses_req"

// waitingState is a busy session with a bash call waiting for permission
// and, when withQuestion, a question with two options after it.
func waitingState(withPerm, withQuestion bool) SessionMsg {
	tool := toolPart("prt_2", "running", "", "")
	tool.Tool.CallID = "call_1"
	st := reconcile.State{Session: &reconcile.SessionInfo{ID: reqSession, Title: "t"}, Status: reconcile.Status{Type: "busy"},
		Messages: []reconcile.Message{
			{ID: "msg_1", Role: "user", Completed: 1, Parts: []reconcile.Part{textPart("prt_1", "do it")}},
			{ID: "msg_2", Role: "assistant", Parts: []reconcile.Part{tool}}}}
	if withPerm {
		st.Permissions = []reconcile.Request{{ID: "per_1", SessionID: reqSession, Raw: rawJSON(map[string]any{
			"id": "per_1", "sessionID": reqSession, "permission": "bash", "patterns": []string{"rm -rf build"},
			"metadata": map[string]any{"command": "rm -rf build"}, "always": []string{"rm *"},
			"tool": map[string]any{"messageID": "msg_2", "callID": "call_1"}})}}
	}
	if withQuestion {
		st.Questions = []reconcile.Request{{ID: "que_1", SessionID: reqSession, Raw: rawJSON(map[string]any{
			"id": "que_1", "sessionID": reqSession, "questions": []any{map[string]any{
				"question": "Which colour?", "header": "Colour",
				"options": []any{map[string]any{"label": "red", "description": "warm"}, map[string]any{"label": "blue", "description": "cold"}}}}})}}
	}
	return SessionMsg{State: st}
}

func newActTabs(t *testing.T, actor Actor) *Tabs {
	t.Helper()
	opts := Options{Server: "http://x", Now: func() time.Time { return testNow }, ActionsOff: "--read-only"}
	if actor != nil {
		opts.Actions = actor
	}
	tabs := NewTabs(opts, reqSession)
	tabs.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return tabs
}

// run presses keys and runs the commands they return, feeding their
// messages back, as the program would.
func run(tabs *Tabs, keys ...string) {
	for _, k := range keys {
		_, cmd := tabs.Update(press(k))
		drain(tabs, cmd)
	}
	tick(tabs)
}

func drain(tabs *Tabs, cmd tea.Cmd) {
	if cmd == nil {
		return
	}
	switch msg := cmd().(type) {
	case actionDoneMsg:
		_, next := tabs.Update(msg)
		drain(tabs, next)
	case tea.BatchMsg:
		for _, c := range msg {
			drain(tabs, c)
		}
	}
}

func screenText(t *testing.T, tabs *Tabs) string { return strings.Join(tabsScreen(t, tabs), "\n") }

func TestPermissionShownAndAllowed(t *testing.T) {
	actor := &fakeActor{}
	tabs := newActTabs(t, actor)
	tabs.Update(waitingState(true, false))
	tick(tabs)
	sc := screenText(t, tabs)
	for _, want := range []string{"⚠ waiting for you", "bash asks permission: bash", "$ rm -rf build", "a allow once",
		"⚠ needs approval", "x x interrupt"} {
		if !strings.Contains(sc, want) {
			t.Errorf("screen lacks %q:\n%s", want, sc)
		}
	}
	run(tabs, "a")
	if want := `permission ses_req per_1 once ""`; len(actor.calls) != 1 || actor.calls[0] != want {
		t.Fatalf("calls %q, want [%s]", actor.calls, want)
	}
	if sc := screenText(t, tabs); !strings.Contains(sc, "✓ permission allowed once") || strings.Contains(sc, "a allow once") {
		t.Errorf("after allowing, the screen should say so and drop the keys:\n%s", sc)
	}
	run(tabs, "a") // nothing is pending any more from here: no second call
	if len(actor.calls) != 1 {
		t.Errorf("a second a sent %q", actor.calls[1:])
	}
	tabs.Update(waitingState(false, false)) // permission.replied
	tick(tabs)
	if sc := screenText(t, tabs); strings.Contains(sc, "waiting for you") || strings.Contains(sc, "needs approval") {
		t.Errorf("the answered permission is still shown:\n%s", sc)
	}
}

func TestPermissionRejectWithMessage(t *testing.T) {
	actor := &fakeActor{}
	tabs := newActTabs(t, actor)
	tabs.Update(waitingState(true, false))
	run(tabs, "r", "n", "o", "enter")
	if want := `permission ses_req per_1 reject "no"`; len(actor.calls) != 1 || actor.calls[0] != want {
		t.Fatalf("calls %q, want [%s]", actor.calls, want)
	}
}

func TestActionFailureShowsServerAnswerAndKeepsRequest(t *testing.T) {
	actor := &fakeActor{err: errors.New("permission per_1: HTTP 400 Bad Request: no such thing")}
	tabs := newActTabs(t, actor)
	tabs.Update(waitingState(true, false))
	run(tabs, "A")
	sc := screenText(t, tabs)
	if !strings.Contains(sc, "HTTP 400 Bad Request: no such thing") || !strings.Contains(sc, "a allow once") {
		t.Errorf("a failed answer should show the server's answer and keep the request:\n%s", sc)
	}
	actor.err = ErrGone
	run(tabs, "a")
	sc = screenText(t, tabs)
	if !strings.Contains(sc, "already answered elsewhere") || strings.Contains(sc, "a allow once") {
		t.Errorf("an answer to a gone request should be a quiet notice and drop it:\n%s", sc)
	}
}

func TestQuestionPicker(t *testing.T) {
	actor := &fakeActor{}
	tabs := newActTabs(t, actor)
	tabs.Update(waitingState(false, true))
	tick(tabs)
	if sc := screenText(t, tabs); !strings.Contains(sc, "the agent asks: Which colour?") {
		t.Fatalf("question not shown:\n%s", sc)
	}
	run(tabs, "a")
	sc := screenText(t, tabs)
	for _, want := range []string{"? Colour", "▸ 1. red — warm", "2. blue — cold", "3. type your own answer"} {
		if !strings.Contains(sc, want) {
			t.Errorf("picker lacks %q:\n%s", want, sc)
		}
	}
	run(tabs, "j", "enter")
	if want := `question ses_req que_1 [["blue"]]`; len(actor.calls) != 1 || actor.calls[0] != want {
		t.Fatalf("calls %q, want [%s]", actor.calls, want)
	}
	tabs.Update(waitingState(false, false))
	actor.calls = nil
	tabs.Update(waitingState(false, true))
	run(tabs, "a", "3", "g", "r", "e", "e", "n", "enter") // free text; 1-9 do not switch tabs
	if want := `question ses_req que_1 [["green"]]`; len(actor.calls) != 1 || actor.calls[0] != want {
		t.Fatalf("calls %q, want [%s]", actor.calls, want)
	}
	tabs.Update(waitingState(false, false))
	actor.calls = nil
	tabs.Update(waitingState(false, true))
	run(tabs, "r")
	if want := "reject ses_req que_1"; len(actor.calls) != 1 || actor.calls[0] != want {
		t.Fatalf("calls %q, want [%s]", actor.calls, want)
	}
}

func TestInterruptNeedsTwoPresses(t *testing.T) {
	actor := &fakeActor{}
	tabs := newActTabs(t, actor)
	tabs.Update(waitingState(false, false))
	run(tabs, "x")
	if len(actor.calls) != 0 || !strings.Contains(screenText(t, tabs), "press x again") {
		t.Fatalf("one x: calls %q, screen:\n%s", actor.calls, screenText(t, tabs))
	}
	run(tabs, "x")
	if want := "abort ses_req"; len(actor.calls) != 1 || actor.calls[0] != want {
		t.Fatalf("calls %q, want [%s]", actor.calls, want)
	}
}

func TestPromptInput(t *testing.T) {
	actor := &fakeActor{}
	tabs := newActTabs(t, actor)
	tabs.Update(waitingState(false, false))
	run(tabs, "p", "h", "i", "q") // q is text here, not quit
	if sc := screenText(t, tabs); !strings.Contains(sc, "prompt› hiq") {
		t.Fatalf("the input is not shown:\n%s", sc)
	}
	run(tabs, "enter")
	if want := `prompt ses_req "hiq"`; len(actor.calls) != 1 || actor.calls[0] != want {
		t.Fatalf("calls %q, want [%s]", actor.calls, want)
	}
	run(tabs, "p", "x", "esc", "enter")
	if len(actor.calls) != 1 {
		t.Errorf("esc should drop the prompt, calls %q", actor.calls)
	}
}

func TestReadOnlyKeysSayWhy(t *testing.T) {
	tabs := newActTabs(t, nil)
	tabs.Update(waitingState(true, false))
	tick(tabs)
	sc := screenText(t, tabs)
	if !strings.Contains(sc, "read-only (--read-only): answer it from another client") || strings.Contains(sc, "interrupt") {
		t.Errorf("read-only view should name no action keys and say why:\n%s", sc)
	}
	for _, k := range []string{"a", "x", "p"} {
		run(tabs, k)
		if sc := ansi.Strip(screenText(t, tabs)); !strings.Contains(sc, "read-only: --read-only") {
			t.Errorf("%s in read-only: screen:\n%s", k, sc)
		}
	}
}
