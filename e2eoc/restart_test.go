package e2eoc

import (
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// reconnectLimit bounds how long dstail may take to reconnect after the
// server came back.
const reconnectLimit = 75 * time.Second

// TestServerKilledMidAnswer restarts OpenCode (SIGKILL) while an answer
// streams. One dstail runs --until-idle and must report the interrupted
// turn (exit 4); another follows on: it reconnects by itself, shows the
// cut-off message as interrupted, streams the next turn live, and its
// output folds to the server's state.
func TestServerKilledMidAnswer(t *testing.T) {
	t.Parallel()
	s := ocpeer.Start(t, ocpeer.WithMockConfig(sharedMock))
	id := s.CreateSession(t, "")
	common := []string{id, "--server", s.URL(), "--json", "--no-save"}
	follower := startDstail(t, nil, common...)
	untilIdle := startDstail(t, nil, append(common, "--until-idle")...)
	for _, p := range []*proc{follower, untilIdle} {
		p.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
	}
	s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnSlow)+" cut off by a server crash")
	follower.waitOutput(t, "10 deltas", turnLimit, hasTypeN(reconcile.TypePartDelta, 10))
	s.Restart(t, syscall.SIGKILL)

	if code := untilIdle.wait(t, turnLimit); code != 4 {
		t.Errorf("--until-idle: exit code %d, want 4 (turn interrupted)", code)
	}
	cut := interruptedMessages(fold(id, parseLines(t, id, untilIdle.stdout.String())))
	if len(cut) != 1 {
		t.Errorf("--until-idle output folds to %d interrupted messages, want 1", len(cut))
	}

	// OpenCode never answers a connection accepted in the first moments
	// after its port opens; a stream request caught there waits out
	// dstail's 30 s header timeout and a backoff before the next attempt.
	waitStderr(t, follower, "reconnected", reconnectLimit)
	mark := len(follower.stdout.String())
	s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPlain)+" are you back?")
	s.WaitIdle(t, id, turnLimit)
	follower.waitOutput(t, "the follow-up answer", turnLimit, func(out string) bool {
		return strings.Contains(out[mark:], `"status":{"type":"idle"}`)
	})
	if err := follower.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := follower.wait(t, 10*time.Second); code != 143 {
		t.Errorf("follower: exit code %d after SIGTERM, want 143", code)
	}

	lines := parseLines(t, id, follower.stdout.String())
	msgs := assertFoldEqualsServer(t, s, id, lines)
	assertTexts(t, msgs, []string{ocpeer.PlainText})
	if got := interruptedMessages(fold(id, lines)); len(got) != 1 || len(cut) == 1 && got[0] != cut[0] {
		t.Errorf("interrupted messages after the follow-up = %v, want [%v]", got, cut)
	}
	live := parseLines(t, id, follower.stdout.String()[mark:])
	assertStreamed(t, live, msgs)
}

func interruptedMessages(m *reconcile.Model) []string {
	var ids []string
	for _, msg := range m.Messages() {
		if msg.Interrupted {
			ids = append(ids, msg.ID)
		}
	}
	return ids
}

// waitStderr waits until dstail's stderr contains text.
func waitStderr(t *testing.T, p *proc, text string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !strings.Contains(p.stderr.String(), text) {
		if p.exited() || time.Now().After(deadline) {
			t.Fatalf("dstail %v: stderr has no %q (exited: %v)", p.args, text, p.exited())
		}
		time.Sleep(20 * time.Millisecond)
	}
}
