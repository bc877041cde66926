package tui

import (
	"errors"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
)

// The connection line says when an outage began and, once live again, when
// the gap it left was filled; a first connection is not a gap.
func TestConnectionLineTellsOutageAndGapFilled(t *testing.T) {
	m := newTestModel(t, 100, 20, 1)
	at := func(d time.Duration) { m.opts.Now = func() time.Time { return testNow.Add(d) } }
	stamp := func(d time.Duration) string { return testNow.Add(d).Format(time.TimeOnly) }

	steps := []struct {
		after   time.Duration
		state   feed.State
		want    string
		notWant string
	}{
		{0, feed.State{Phase: feed.PhaseLive, Mode: "events"}, "● live", "gap filled"},
		{10 * time.Second, feed.State{Phase: feed.PhaseRetrying, Attempt: 1, RetryIn: time.Second, Err: errors.New("EOF")}, "offline since " + stamp(10*time.Second), "gap filled"},
		{12 * time.Second, feed.State{Phase: feed.PhaseRetrying, Attempt: 2, RetryIn: time.Second, Err: errors.New("refused")}, "offline since " + stamp(10*time.Second), ""},
		{14 * time.Second, feed.State{Phase: feed.PhaseCatchingUp}, "catching up", "offline since"},
		{15 * time.Second, feed.State{Phase: feed.PhaseLive, Mode: "events"}, "gap filled at " + stamp(15*time.Second), "offline since"},
	}
	for i, s := range steps {
		at(s.after)
		m.Update(ConnMsg{State: s.state})
		screen := assertScreen(t, m)
		if !strings.Contains(screen, s.want) {
			t.Errorf("step %d: screen lacks %q:\n%s", i, s.want, screen)
		}
		if s.notWant != "" && strings.Contains(screen, s.notWant) {
			t.Errorf("step %d: screen should not say %q:\n%s", i, s.notWant, screen)
		}
	}
}
