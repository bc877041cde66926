package e2eoc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// runAction runs one of dstail's action commands against s and returns its
// exit code and output.
func runAction(t *testing.T, s *ocpeer.Server, args ...string) (int, string, string) {
	t.Helper()
	p := startDstail(t, nil, append(args, "--server", s.URL())...)
	code := p.wait(t, quickly)
	return code, p.stdout.String(), p.stderr.String()
}

// pendingPermission waits for the permission request of session id.
func pendingPermission(t *testing.T, s *ocpeer.Server, dir, id string) string {
	t.Helper()
	for deadline := time.Now().Add(turnLimit); time.Now().Before(deadline); time.Sleep(50 * time.Millisecond) {
		for _, p := range s.Permissions(t, dir) {
			if p.SessionID == id {
				return p.ID
			}
		}
	}
	t.Fatal("no permission request appeared")
	return ""
}

// toolState is the state of a tool call.
type toolState struct{ Status, Output string }

// firstTool is the state of the session's first tool call.
func firstTool(t *testing.T, s *ocpeer.Server, id string) toolState {
	t.Helper()
	var msgs []struct {
		Parts []struct {
			Type  string
			State toolState
		}
	}
	if err := json.Unmarshal(s.Messages(t, id), &msgs); err != nil {
		t.Fatal(err)
	}
	for _, m := range msgs {
		for _, p := range m.Parts {
			if p.Type == "tool" {
				return p.State
			}
		}
	}
	return toolState{}
}

// toolStatus is the state of the session's tool call once its turn is over.
func toolStatus(t *testing.T, s *ocpeer.Server, id string) string { return firstTool(t, s, id).Status }

// TestReplyToPermission answers the agent's permission request from the
// command line: allow lets the tool run and the turn end; reject ends the
// tool call as rejected; answering twice exits 3.
func TestReplyToPermission(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	dir := s.Dirs()[projectMain]
	for _, tc := range []struct{ answer, wantTool string }{{"allow", "completed"}, {"reject", "error"}} {
		t.Run(tc.answer, func(t *testing.T) {
			t.Parallel()
			id := s.CreateSession(t, dir)
			s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPerm)+" read outside")
			perm := pendingPermission(t, s, dir, id)
			code, out, errb := runAction(t, s, "reply", id, "--permission", perm, tc.answer, "-m", "not now")
			if code != 0 || !strings.Contains(out, "permission "+perm) {
				t.Fatalf("reply %s: exit %d, stdout %q, stderr %q", tc.answer, code, out, errb)
			}
			s.WaitIdle(t, id, turnLimit)
			if got := toolStatus(t, s, id); got != tc.wantTool {
				t.Errorf("after %s the tool call is %q, want %q", tc.answer, got, tc.wantTool)
			}
			code, _, errb = runAction(t, s, "reply", id, "--permission", perm, tc.answer)
			if code != 3 || strings.Count(errb, "\n") != 1 {
				t.Errorf("answering again: exit %d, stderr %q; want 3 and one line", code, errb)
			}
		})
	}
}

// TestAbortAndPrompt aborts a long answer from the command line while a
// second dstail follows it (it sees the abort and exits 4), then sends a
// prompt that starts a new turn.
func TestAbortAndPrompt(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	id := s.CreateSession(t, s.Dirs()[projectMain])
	watcher := startDstail(t, nil, id, "--server", s.URL(), "--json", "--until-idle", "--no-save")
	watcher.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
	s.Prompt(t, id, ocpeer.Tag(longScenario)+" long")
	watcher.waitOutput(t, "5 deltas", turnLimit, hasTypeN(reconcile.TypePartDelta, 5))
	if code, out, errb := runAction(t, s, "abort", id); code != 0 || !strings.Contains(out, "aborted") {
		t.Fatalf("abort: exit %d, stdout %q, stderr %q", code, out, errb)
	}
	if code := watcher.wait(t, turnLimit); code != 4 || !strings.Contains(watcher.stderr.String(), "aborted") {
		t.Errorf("the watcher: exit %d, stderr %q; want 4 and the abort", code, watcher.stderr.String())
	}
	if countType(parseLines(t, id, watcher.stdout.String()), reconcile.TypeSessionError) == 0 {
		t.Error("the watcher's --json shows no session.error for the abort")
	}
	s.WaitIdle(t, id, turnLimit)

	if code, _, errb := runAction(t, s, "prompt", id, ocpeer.Tag(ocpeer.ScnPlain), "again"); code != 0 {
		t.Fatalf("prompt: exit %d, stderr %q", code, errb)
	}
	deadline := time.Now().Add(turnLimit)
	for !strings.Contains(string(s.Messages(t, id)), ocpeer.PlainText) {
		if time.Now().After(deadline) {
			t.Fatal("the prompt started no turn that answered")
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// TestActionMistakes: a wrong answer word is a usage error (2), an unknown
// session is not found (3), each with one line.
func TestActionMistakes(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	for _, tc := range []struct {
		args []string
		want int
	}{
		{[]string{"reply", "ses_0000000000000000000000000", "--permission", "per_x", "maybe"}, 2},
		{[]string{"reply", "ses_0000000000000000000000000", "--question", "que_x"}, 2},
		{[]string{"abort", "ses_0000000000000000000000000"}, 3},
		{[]string{"prompt", "ses_0000000000000000000000000", "hi"}, 3},
	} {
		code, out, errb := runAction(t, s, tc.args...)
		if code != tc.want || out != "" || !strings.HasPrefix(errb, "dstail: ") {
			t.Errorf("%v: exit %d, stdout %q, stderr %q; want %d and one error line", tc.args, code, out, errb, tc.want)
		}
	}
}
