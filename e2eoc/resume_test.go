package e2eoc

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// TestKilledAndResumed kills dstail with SIGKILL mid-answer and starts it
// again on the same state directory (default --from saved). The two
// outputs together must fold to the server's state, and the second run
// must not print again what the first one did.
func TestKilledAndResumed(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	id := s.CreateSession(t, "")
	stateDir := t.TempDir()
	args := []string{id, "--server", s.URL(), "--json", "--state-dir", stateDir}

	first := startDstail(t, nil, args...)
	first.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
	s.Prompt(t, id, ocpeer.Tag(longScenario)+" long answer, interrupted reader")
	first.waitOutput(t, "10 deltas", turnLimit, hasTypeN(reconcile.TypePartDelta, 10))
	first.kill(t)

	second := startDstail(t, nil, append(args, "--until-idle")...)
	if code := second.wait(t, turnLimit); code != 0 {
		t.Errorf("second run: exit code %d, want 0", code)
	}
	s.WaitIdle(t, id, turnLimit)

	before := parseLines(t, id, completeLines(first.stdout.String()))
	after := parseLines(t, id, second.stdout.String())
	msgs := assertFoldEqualsServer(t, s, id, append(append([]jsonLine(nil), before...), after...))
	assertTexts(t, msgs, []string{longText})
	assertNoRepeats(t, id, before, after)
	assertDeltasSplit(t, deltaText(t, before), deltaText(t, after), partTexts(msgs))
}

// completeLines drops a last line cut short by a kill: it was not handed
// on, so its position was not saved either.
func completeLines(out string) string {
	if i := strings.LastIndexByte(out, '\n'); i >= 0 {
		return out[:i+1]
	}
	return ""
}

// assertNoRepeats checks that every durable message or part line of the
// second run is news to a reader that applied the first run's output.
func assertNoRepeats(t *testing.T, sessionID string, before, after []jsonLine) {
	t.Helper()
	m := fold(sessionID, before)
	for i, l := range after {
		changed := m.Apply(l.event())
		switch l.Type {
		case reconcile.TypeMessageUpdated, reconcile.TypePartUpdated,
			reconcile.TypeMessageRemoved, reconcile.TypePartRemoved:
			if !changed {
				t.Errorf("second run, line %d repeats what the first run printed: %s %.300s", i+1, l.Type, l.Data)
			}
		}
	}
}

// assertDeltasSplit checks, per streamed part, that the first run's deltas
// are a beginning of the final text, the second run's deltas an end of it,
// and that they do not overlap (deltas sent while no reader ran are lost).
func assertDeltasSplit(t *testing.T, before, after, final map[string]string) {
	t.Helper()
	if len(before) == 0 || len(after) == 0 {
		t.Fatalf("want deltas in both runs; got %d parts before the kill, %d after", len(before), len(after))
	}
	for partID, head := range before {
		text, ok := final[partID]
		if !ok {
			t.Errorf("part %s streamed but never ended", partID)
			continue
		}
		rest := after[partID]
		if !strings.HasPrefix(text, head) || !strings.HasSuffix(text, rest) || len(head)+len(rest) > len(text) {
			t.Errorf("part %s: deltas before the kill %q and after %q do not split the final text %q", partID, head, rest, text)
		}
	}
}
