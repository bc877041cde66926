package e2eoc

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/faultproxy"
)

// soakResult is what one soak run did.
type soakResult struct {
	runs, kills, restarts, halfOpenEvents int
	messages, windowRepeats               int
	proxy                                 faultproxy.Stats
	wall                                  time.Duration
}

// soakSummary adds up the runs of a soak.
type soakSummary struct {
	mu    sync.Mutex
	n     int
	total soakResult
	slow  time.Duration
}

func (s *soakSummary) add(r soakResult) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	t, p := &s.total, &s.total.proxy
	t.kills += r.kills
	t.restarts += r.restarts
	t.halfOpenEvents += r.halfOpenEvents
	t.messages += r.messages
	t.windowRepeats += r.windowRepeats
	p.Connections += r.proxy.Connections
	p.Statuses += r.proxy.Statuses
	p.HalfOpens += r.proxy.HalfOpens
	p.HalfOpenQuits += r.proxy.HalfOpenQuits
	p.Resets += r.proxy.Resets
	p.Cuts += r.proxy.Cuts
	p.FrameCuts += r.proxy.FrameCuts
	p.RuneCuts += r.proxy.RuneCuts
	p.Drips += r.proxy.Drips
	p.DialErrors += r.proxy.DialErrors
	p.HalfOpenLongest = max(p.HalfOpenLongest, r.proxy.HalfOpenLongest)
	s.slow = max(s.slow, r.wall)
}

func (s *soakSummary) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, p := s.total, s.total.proxy
	return fmt.Sprintf("soak: %d runs passed, %d lines folded to the server's state, no event id twice (%d repeated in the SIGKILL window), "+
		"%d SIGKILLs, %d server restarts, %d half-open rounds; proxy: %d connections, %d resets, %d cuts, %d frame cuts, %d rune cuts, "+
		"%d statuses, %d half-open (%d given up, longest wait %v), %d drips, %d refused; slowest run %v",
		s.n, t.messages, t.windowRepeats, t.kills, t.restarts, t.halfOpenEvents, p.Connections, p.Resets, p.Cuts, p.FrameCuts,
		p.RuneCuts, p.Statuses, p.HalfOpens, p.HalfOpenQuits, p.HalfOpenLongest.Round(time.Millisecond), p.Drips, p.DialErrors,
		s.slow.Round(time.Millisecond))
}

// checkCoverage fails a soak of many runs in which some fault never fired:
// it would pass without testing what it claims to.
func (s *soakSummary) checkCoverage(t *testing.T) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	t2, p := s.total, s.total.proxy
	for name, n := range map[string]int64{
		"SIGKILL": int64(t2.kills), "half-open given up": p.HalfOpenQuits,
		"reset": p.Resets, "cut": p.Cuts, "frame cut": p.FrameCuts, "rune cut": p.RuneCuts,
		"status": p.Statuses, "drip": p.Drips,
	} {
		if n == 0 && !t.Failed() {
			t.Errorf("no %s in %d runs: the soak did not exercise it", name, s.n)
		}
	}
}
