package e2eoc

import (
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// endRaceWords is the length of the answer in TestReconnectAsTurnEnds;
// the stream is cut endRaceCut words in, shortly before the end.
const (
	endRaceScenario = "endrace"
	endRaceWords    = 40
	endRaceCut      = 32
	endRaceDelay    = 50 * time.Millisecond
)

// TestReconnectAsTurnEnds reconnects dstail while the last words of an
// answer stream, and lets the turn end between dstail's reads of the
// message list and of the session status. That catch-up sees an
// unfinished message next to an idle session; the events the stream
// buffered meanwhile complete the message. --until-idle must report the
// turn as done (exit 0), not as interrupted.
func TestReconnectAsTurnEnds(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	s.Mock.Script(endRaceScenario, func(ocpeer.Request, int) ocpeer.Response {
		return ocpeer.Text(ocpeer.SlowText(endRaceWords), endRaceDelay)
	})
	g := newGate(t, s.URL())
	id := s.CreateSession(t, "")
	p := startDstail(t, nil, id, "--server", g.URL(), "--json", "--until-idle", "--no-save")
	p.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
	s.Prompt(t, id, ocpeer.Tag(endRaceScenario)+" cut near the end")
	p.waitOutput(t, "most of the answer", turnLimit, hasTypeN(reconcile.TypePartDelta, endRaceCut))
	// The rest of the answer takes (endRaceWords-endRaceCut)*endRaceDelay.
	g.holdNextStatus(3 * time.Second)
	if n := g.cutStreams(); n != 1 {
		t.Fatalf("cut %d event streams, want 1", n)
	}
	code := p.wait(t, turnLimit)
	s.WaitIdle(t, id, turnLimit)
	if g.statusesDelayed() != 1 {
		t.Fatalf("dstail did not ask for the status after the cut")
	}
	if code != 0 {
		t.Errorf("exit code %d, want 0: the turn ended well", code)
	}
	msgs := assertFoldEqualsServer(t, s, id, parseLines(t, id, p.stdout.String()))
	assertTexts(t, msgs, []string{ocpeer.SlowText(endRaceWords)})
}
