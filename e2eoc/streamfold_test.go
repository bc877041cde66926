package e2eoc

import (
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// TestJSONFoldsWhileStreaming checks the --json contract in the middle of
// an answer, not only at its end: a reader folding the lines printed so
// far must see the text streamed so far. reconcile applies a delta only
// when it carries its event id (see reconcile/doc.go, "Deltas"), so every
// line must be accepted by the model.
func TestJSONFoldsWhileStreaming(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	id := s.CreateSession(t, "")
	p := startDstail(t, nil, id, "--server", s.URL(), "--json", "--until-idle", "--no-save")
	p.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
	s.Prompt(t, id, ocpeer.Tag(longScenario)+" stream for a folding reader")
	p.waitOutput(t, "10 deltas", turnLimit, hasTypeN(reconcile.TypePartDelta, 10))

	sofar := parseLines(t, id, completeLines(p.stdout.String()))
	m := fold(id, sofar)
	if st := m.Stats(); st.Malformed > 0 {
		t.Errorf("the model rejected %d of %d lines as malformed (%d of them deltas); do the lines carry event ids?",
			st.Malformed, len(sofar), countType(sofar, reconcile.TypePartDelta))
	}
	streamed := deltaText(t, sofar)
	folded := map[string]string{}
	for _, msg := range m.Messages() {
		for _, part := range msg.Parts {
			folded[part.ID] = part.Text
		}
	}
	for partID, text := range streamed {
		if folded[partID] != text {
			t.Errorf("part %s: folded text %q, want the %d bytes streamed so far %q", partID, folded[partID], len(text), text)
		}
	}
	if code := p.wait(t, turnLimit); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	s.WaitIdle(t, id, turnLimit)
	assertFoldEqualsServer(t, s, id, parseLines(t, id, p.stdout.String()))
}
