package e2eoc

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// editedFile is changed in the project while the model answers.
const editedFile = "edited-during-turn.txt"

// TestFileEditedDuringTurn changes a file of the project while the model
// answers, as a user editing next to the agent (or another session in the
// same directory) does. After session.idle OpenCode sends one more
// session.diff and the user message's summary with the turn's file diffs;
// --until-idle must print that final state before it exits.
func TestFileEditedDuringTurn(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	dir := s.Dirs()[projectEdits]
	id := s.CreateSession(t, dir)
	p := startDstail(t, nil, id, "--server", s.URL(), "--json", "--until-idle", "--no-save")
	p.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
	s.Prompt(t, id, ocpeer.Tag(longScenario)+" answer while the user edits")
	p.waitOutput(t, "10 deltas", turnLimit, hasTypeN(reconcile.TypePartDelta, 10))
	if err := os.WriteFile(filepath.Join(dir, editedFile), []byte("edited by hand\n"), 0o644); err != nil {
		t.Fatal(err)
	}
	if code := p.wait(t, turnLimit); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	s.WaitIdle(t, id, turnLimit)
	waitSummaryNames(t, s, id, editedFile)
	assertFoldEqualsServer(t, s, id, parseLines(t, id, p.stdout.String()))
}

// waitSummaryNames waits until the stored messages mention file (in the
// user message's summary), so the comparison sees the server's final state.
func waitSummaryNames(t *testing.T, s *ocpeer.Server, id, file string) {
	t.Helper()
	deadline := time.Now().Add(15 * time.Second)
	for !strings.Contains(string(s.Messages(t, id)), `"file":"`+file+`"`) {
		if time.Now().After(deadline) {
			t.Fatalf("the server never recorded the edit of %s in the turn's summary", file)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
