package e2eoc

import (
	"os"
	"slices"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// TestLiveSoonAfterServerReturns kills OpenCode, keeps it down 10 s and
// starts it again, DSTAIL_RETURN_RUNS times (10 by default): at the 90th
// percentile dstail is live again within 2 s of the server answering,
// without any key press. The outage is young (the first minute), so dstail
// probes often instead of waiting out a grown backoff.
func TestLiveSoonAfterServerReturns(t *testing.T) {
	runs := 10
	if v := os.Getenv("DSTAIL_RETURN_RUNS"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil || n < 1 {
			t.Fatalf("DSTAIL_RETURN_RUNS=%q: want a positive count", v)
		}
		runs = n
	}
	s := ocpeer.Start(t, ocpeer.WithMockConfig(sharedMock))
	id := s.CreateSession(t, "")
	var took []time.Duration
	for run := range runs {
		p := startDstail(t, nil, id, "--server", s.URL(), "--json", "--no-save")
		p.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
		s.Kill(t, syscall.SIGKILL)
		waitStderr(t, p, "reconnecting", 15*time.Second)
		time.Sleep(10 * time.Second)
		s.Relaunch(t)
		back := time.Now()
		deadline := back.Add(reconnectLimit)
		for !strings.Contains(p.stderr.String(), "reconnected") {
			if p.exited() || time.Now().After(deadline) {
				t.Fatalf("run %d: dstail never went live again:\n%s", run+1, tail(p.stderr.String(), 10))
			}
			time.Sleep(10 * time.Millisecond)
		}
		took = append(took, time.Since(back))
		p.kill(t)
	}
	slices.Sort(took)
	p90 := took[(len(took)*9+9)/10-1]
	t.Logf("live again after the server answered: %v (p90 %v)", took, p90)
	if p90 > 2*time.Second {
		t.Errorf("p90 %v from the server's return to live, want at most 2s: %v", p90, took)
	}
}
