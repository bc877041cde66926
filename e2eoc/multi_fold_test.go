package e2eoc

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/reconcile"
)

// TestTwoSessionsAtOnceFoldSeparately follows two sessions answering at
// the same time with one `dstail A B --json`: each session's lines fold to
// exactly its server state, and both streamed live.
func TestTwoSessionsAtOnceFoldSeparately(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	a, b := s.CreateSession(t, ""), s.CreateSession(t, "")
	p := startDstail(t, nil, a, b, "--server", s.URL(), "--json", "--no-save")
	p.waitOutput(t, "initial status of both", 30*time.Second, func(out string) bool {
		return strings.Count(out, `"type":"`+reconcile.TypeSessionStatus+`"`) >= 2
	})
	s.Prompt(t, a, ocpeer.Tag(longScenario)+" first")
	s.Prompt(t, b, ocpeer.Tag(longScenario)+" second")
	s.WaitIdle(t, a, turnLimit)
	s.WaitIdle(t, b, turnLimit)
	groups := waitFolded(t, s, p, []string{a, b}, 30*time.Second)
	if extra := len(groups) - 2; extra != 0 {
		t.Errorf("%d sessions besides the two named ones in the output", extra)
	}
	for _, id := range []string{a, b} {
		msgs := fold(id, groups[id]).Messages()
		assertStreamed(t, groups[id], msgs)
		assertTexts(t, msgs, []string{longText})
	}
	if !interleaved(p.stdout.String(), a, b) {
		t.Error("the two answers did not stream at the same time; the test proves less than it should")
	}
	if p.exited() {
		t.Fatalf("dstail exited (code %d) while following", p.exitCode)
	}
}

// TestChildrenFollowSubagent follows a turn that starts a subagent: a plain
// `dstail PARENT --json` (children are followed by default) finds the
// child session live, and it folds to its server state too; with
// --no-children only the parent is printed.
func TestChildrenFollowSubagent(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	parent := s.CreateSession(t, "")
	with := startDstail(t, nil, parent, "--server", s.URL(), "--json", "--no-save")
	without := startDstail(t, nil, parent, "--no-children", "--server", s.URL(), "--json", "--no-save")
	lines := startDstail(t, nil, parent, "--server", s.URL(), "--no-save")
	for _, p := range []*proc{with, without} {
		p.waitOutput(t, "initial status", 30*time.Second, hasType(reconcile.TypeSessionStatus))
	}
	s.Prompt(t, parent, ocpeer.Tag(ocpeer.ScnSubtask)+" delegate")
	s.WaitIdle(t, parent, turnLimit)
	kids := childrenOf(t, s, parent)
	if len(kids) != 1 {
		t.Fatalf("the subtask made %d child sessions, want 1", len(kids))
	}
	child := kids[0]
	s.WaitIdle(t, child, turnLimit)
	groups := waitFolded(t, s, with, []string{parent, child}, 30*time.Second)
	childMsgs := fold(child, groups[child]).Messages()
	assertStreamed(t, groups[child], childMsgs)
	assertTexts(t, childMsgs, []string{ocpeer.PlainText})
	var task *reconcile.ToolCall
	for _, m := range fold(parent, groups[parent]).Messages() {
		for _, part := range m.Parts {
			if part.Tool != nil && part.Tool.ChildSession == child {
				task = part.Tool
			}
		}
	}
	if task == nil {
		t.Error("the parent's output has no task tool part naming the child session")
	}
	// Line output: the parent's lines are bare, as for one session, until
	// the child prints; then each line names its session.
	childLabel, parentLabel := "["+output.SessionLabel(child)+"] ", "["+output.SessionLabel(parent)+"] "
	lines.waitOutput(t, "labelled lines of both sessions", 30*time.Second, func(out string) bool {
		return strings.Contains(out, childLabel) && strings.Contains(out, parentLabel)
	})
	out := lines.stdout.String()
	first := strings.SplitN(out, "\n", 2)[0]
	if strings.HasPrefix(first, "[") || !strings.Contains(out, parentLabel) {
		t.Errorf("want bare parent lines first, then labelled ones:\n%s", out)
	}
	// With --no-children one session is followed alone.
	without.waitOutput(t, "the parent's turn", 30*time.Second, func(out string) bool {
		return foldsToServer(t, s, bySession(t, out), []string{parent})
	})
	if got := slices.Sorted(maps.Keys(bySession(t, without.stdout.String()))); !slices.Equal(got, []string{parent}) {
		t.Errorf("with --no-children the output names sessions %v, want only the parent", got)
	}
}
