package e2eoc

import (
	"bytes"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// TestReconnectFetchesOnlyItsSession cuts dstail's event stream once and
// checks what the catch-up downloads. POST /sync/history returns the whole
// history of every session its body does not list, so a catch-up that
// names only the followed session reads the entire database on every
// reconnect: cost grows with the server's history, and over a flaky link
// the catch-up may never complete. No answer may carry another session's
// events or messages.
func TestReconnectFetchesOnlyItsSession(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	others := []string{s.CreateSession(t, ""), s.CreateSession(t, "")}
	for _, other := range others {
		s.Prompt(t, other, ocpeer.Tag(ocpeer.ScnPlain)+" another session")
	}
	for _, other := range others {
		s.WaitIdle(t, other, turnLimit)
	}
	g := newGate(t, s.URL())
	id := s.CreateSession(t, "")
	p := startDstail(t, nil, id, "--server", g.URL(), "--json", "--until-idle", "--no-save")
	p.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
	s.Prompt(t, id, ocpeer.Tag(longScenario)+" followed across a reconnect")
	p.waitOutput(t, "10 deltas", turnLimit, hasTypeN(reconcile.TypePartDelta, 10))
	g.record(true)
	if n := g.cutStreams(); n != 1 {
		t.Fatalf("cut %d event streams, want 1", n)
	}
	waitStderr(t, p, "reconnected", 30*time.Second)
	answers := g.record(false)
	if len(answers) == 0 {
		t.Fatal("the reconnect made no REST request")
	}
	for _, a := range answers {
		for _, other := range others {
			// Events, messages and parts name their session this way; a
			// plain list of sessions would not.
			if bytes.Contains(a.body, []byte(`"sessionID":"`+other+`"`)) {
				t.Errorf("catch-up answer %s (%d bytes) carries data of session %s, which dstail does not follow", a.request, len(a.body), other)
			}
		}
	}
	if code := p.wait(t, turnLimit); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	s.WaitIdle(t, id, turnLimit)
	assertFoldEqualsServer(t, s, id, parseLines(t, id, p.stdout.String()))
}
