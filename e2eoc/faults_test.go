package e2eoc

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/faultproxy"
	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// TestConnectionFaultsMidAnswer puts a proxy between dstail and OpenCode
// that ends every connection after a few KB, while a slow answer streams.
// dstail must reconnect on its own and still print a state that folds to
// the server's.
func TestConnectionFaultsMidAnswer(t *testing.T) {
	t.Parallel()
	few := faultproxy.ByteFault{Rate: 1, Min: 3 << 10, Max: 10 << 10}
	tests := []struct {
		name   string
		cfg    faultproxy.Config
		faults func(faultproxy.Stats) int64
	}{
		{"reset", faultproxy.Config{Seed: 1, Reset: few}, func(s faultproxy.Stats) int64 { return s.Resets }},
		{"cut", faultproxy.Config{Seed: 2, Cut: few}, func(s faultproxy.Stats) int64 { return s.Cuts }},
	}
	s := sharedServer(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			proxy, err := faultproxy.New(s.URL(), tc.cfg)
			if err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = proxy.Close() })
			id := s.CreateSession(t, "")
			p := startDstail(t, nil, id, "--server", proxy.URL(), "--json", "--until-idle", "--no-save")
			p.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
			s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnSlow)+" long answer through a bad link")
			if code := p.wait(t, turnLimit); code != 0 {
				t.Errorf("exit code %d, want 0", code)
			}
			s.WaitIdle(t, id, turnLimit)
			stats := proxy.Stats()
			if n := tc.faults(stats); n < 2 {
				t.Errorf("proxy ended %d connections, want several (stats %+v)", n, stats)
			}
			if !strings.Contains(p.stderr.String(), "reconnecting") {
				t.Errorf("stderr has no reconnect notice:\n%s", p.stderr.String())
			}
			lines := parseLines(t, id, p.stdout.String())
			msgs := assertFoldEqualsServer(t, s, id, lines)
			assertTexts(t, msgs, []string{ocpeer.SlowText(sharedMock.SlowWords)})
			t.Logf("proxy stats %+v, %d lines", stats, len(lines))
		})
	}
}
