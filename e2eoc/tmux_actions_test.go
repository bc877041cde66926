package e2eoc

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/internal/tmuxpane"
	"github.com/dstail/dstail/reconcile"
)

// startPane runs dstail with args in a tmux pane.
func startPane(t *testing.T, name string, args ...string) *tmuxpane.Pane {
	t.Helper()
	return newTmuxPane(t, name, dstailBin+" --no-save "+strings.Join(args, " ")+"; echo EXIT=$?; sleep 60")
}

// waitFor waits until p's screen shows every one of wants.
func waitFor(p *tmuxpane.Pane, what string, wants ...string) string {
	return p.Wait(what, func(sc string) bool {
		for _, w := range wants {
			if !strings.Contains(sc, w) {
				return false
			}
		}
		return true
	})
}

// TestPermissionFromTheView: the view shows the agent's permission request
// (status, tool call, panel with its keys); a lets the turn run to its end,
// r ends the tool call as rejected; with --read-only the keys do nothing
// and say so.
func TestPermissionFromTheView(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	dir := s.Dirs()[projectMain]
	for _, tc := range []struct{ name, keys, wantTool string }{{"allow", "a", "completed"}, {"reject", "r", "error"}} {
		t.Run(tc.name, func(t *testing.T) {
			id := s.CreateSession(t, dir)
			p := startPane(t, "perm-"+strings.TrimPrefix(id, "ses_"), "--server", s.URL(), id)
			waitFor(p, "the live view", "● live")
			s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPerm)+" read outside")
			waitFor(p, "the permission request", "⚠ waiting for you", "read asks permission: external_directory",
				"⚠ needs approval", "a allow once · A allow always · r reject")
			p.Keys(tc.keys)
			if tc.name == "reject" {
				waitFor(p, "the reason input", "reject, why")
				p.Keys("not now", "Enter")
			}
			s.WaitIdle(t, id, turnLimit)
			if got := toolStatus(t, s, id); got != tc.wantTool {
				t.Errorf("after %s the tool call is %q, want %q", tc.name, got, tc.wantTool)
			}
			sc := waitFor(p, "the end of the turn", "● idle")
			if strings.Contains(sc, "waiting for you") {
				t.Errorf("the answered request is still shown:\n%s", sc)
			}
			if tc.name == "allow" && !strings.Contains(sc, ocpeer.PermText) {
				t.Errorf("the turn did not run to its end:\n%s", sc)
			}
		})
	}
	t.Run("read-only", func(t *testing.T) {
		id := s.CreateSession(t, dir)
		p := startPane(t, "permro-"+strings.TrimPrefix(id, "ses_"), "--read-only", "--server", s.URL(), id)
		waitFor(p, "the live view", "● live")
		s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPerm)+" read outside")
		perm := pendingPermission(t, s, dir, id)
		waitFor(p, "the request, read-only", "⚠ waiting for you", "read-only (--read-only)")
		p.Keys("a")
		waitFor(p, "the refusal", "read-only: --read-only")
		time.Sleep(500 * time.Millisecond)
		if got := pendingPermission(t, s, dir, id); got != perm {
			t.Fatalf("the request changed under --read-only: %s, was %s", got, perm)
		}
		if code, _, errb := runAction(t, s, "reply", id, "--permission", perm, "allow"); code != 0 {
			t.Fatalf("reply: exit %d, %s", code, errb)
		}
		sc := waitFor(p, "the end of the turn", "● idle", ocpeer.PermText)
		if strings.Contains(sc, "waiting for you") {
			t.Errorf("a request answered elsewhere is still shown:\n%s", sc)
		}
	})
}

// TestInterruptAndPromptFromTheView: x x aborts a long answer, which the
// view and a second dstail's --json show; a prompt typed in the view
// starts a new turn that streams into it.
func TestInterruptAndPromptFromTheView(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	id := s.CreateSession(t, s.Dirs()[projectMain])
	watcher := startDstail(t, nil, id, "--server", s.URL(), "--json", "--until-idle", "--no-save")
	watcher.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
	p := startPane(t, "abort-"+strings.TrimPrefix(id, "ses_"), "--server", s.URL(), id)
	waitFor(p, "the live view", "● live")
	s.Prompt(t, id, ocpeer.Tag(longScenario)+" long")
	watcher.waitOutput(t, "5 deltas", turnLimit, hasTypeN(reconcile.TypePartDelta, 5))
	p.Keys("x")
	waitFor(p, "the confirmation", "press x again")
	p.Keys("x")
	waitFor(p, "the aborted turn", "⊘ aborted", "MessageAbortedError", "✓ interrupt sent")
	if code := watcher.wait(t, turnLimit); code != 4 || !strings.Contains(watcher.stderr.String(), "aborted") {
		t.Errorf("the watcher: exit %d, stderr %q; want 4 and the abort", code, watcher.stderr.String())
	}
	if countType(parseLines(t, id, watcher.stdout.String()), reconcile.TypeSessionError) == 0 {
		t.Error("the watcher's --json shows no session.error for the abort")
	}
	if sc := waitFor(p, "the abort", "⊘ aborted"); strings.Contains(sc, longText) {
		t.Errorf("the long answer ran to its end:\n%s", sc)
	}

	p.Keys("p")
	waitFor(p, "the prompt input", "prompt›")
	p.Keys(ocpeer.Tag(ocpeer.ScnPlain)+" steer", "Enter")
	waitFor(p, "the new turn", "✓ prompt sent", ocpeer.PlainText, "● idle")
}

// questionScenario has the agent ask a question with two options through
// OpenCode's question tool, then answer with what the tool returned.
const questionScenario = "askq"

const questionDoneText = "Going with the answer."

// TestQuestionFromTheView: the agent's question is answered from the view's
// picker and the turn continues with that answer.
func TestQuestionFromTheView(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	s.Mock.Script(questionScenario, func(req ocpeer.Request, _ int) ocpeer.Response {
		if req.AfterToolResult() {
			return ocpeer.Text(questionDoneText, 0)
		}
		return ocpeer.ToolCalls("", 0, ocpeer.ToolCall{ID: "call_q", Name: "question", Args: map[string]any{
			"questions": []any{map[string]any{"question": "Which colour?", "header": "Colour", "options": []any{
				map[string]any{"label": "red", "description": "warm"}, map[string]any{"label": "blue", "description": "cold"}}}}}})
	})
	id := s.CreateSession(t, s.Dirs()[projectMain])
	p := startPane(t, "askq-"+strings.TrimPrefix(id, "ses_"), "--server", s.URL(), id)
	waitFor(p, "the live view", "● live")
	s.Prompt(t, id, ocpeer.Tag(questionScenario)+" ask me")
	waitFor(p, "the question", "⚠ waiting for you", "the agent asks: Which colour?")
	p.Keys("a")
	waitFor(p, "the picker", "1. red — warm", "2. blue — cold")
	p.Keys("2")
	s.WaitIdle(t, id, turnLimit)
	waitFor(p, "the turn's end", questionDoneText, "● idle")
	if got := toolStatus(t, s, id); got != "completed" {
		t.Errorf("the question tool call is %q, want completed", got)
	}
	if out := firstTool(t, s, id).Output; !strings.Contains(out, `="blue"`) {
		t.Errorf("the tool's answer to the agent is %q, want the choice blue", out)
	}
}
