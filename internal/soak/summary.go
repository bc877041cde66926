package soak

import (
	"fmt"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/faultproxy"
)

// Result is what one soak run did.
type Result struct {
	Runs, Kills, Restarts, HalfOpenEvents int
	Messages, WindowRepeats               int
	Proxy                                 faultproxy.Stats
	Wall                                  time.Duration
}

// Summary adds up the runs of a soak.
type Summary struct {
	// Checked says what the soak checked, given the messages (or lines)
	// and the repeats in the SIGKILL window.
	Checked func(messages, repeats int) string
	// Restarts: the soak restarts its server, so coverage expects some.
	Restarts bool

	mu    sync.Mutex
	n     int
	total Result
	slow  time.Duration
}

func (s *Summary) add(r Result) {
	s.mu.Lock()
	defer s.mu.Unlock()
	s.n++
	t, p := &s.total, &s.total.Proxy
	t.Kills += r.Kills
	t.Restarts += r.Restarts
	t.HalfOpenEvents += r.HalfOpenEvents
	t.Messages += r.Messages
	t.WindowRepeats += r.WindowRepeats
	p.Connections += r.Proxy.Connections
	p.Statuses += r.Proxy.Statuses
	p.HalfOpens += r.Proxy.HalfOpens
	p.HalfOpenQuits += r.Proxy.HalfOpenQuits
	p.Resets += r.Proxy.Resets
	p.Cuts += r.Proxy.Cuts
	p.FrameCuts += r.Proxy.FrameCuts
	p.RuneCuts += r.Proxy.RuneCuts
	p.Drips += r.Proxy.Drips
	p.DialErrors += r.Proxy.DialErrors
	p.HalfOpenLongest = max(p.HalfOpenLongest, r.Proxy.HalfOpenLongest)
	s.slow = max(s.slow, r.Wall)
}

func (s *Summary) String() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	t, p := s.total, s.total.Proxy
	return fmt.Sprintf("soak: %d runs passed, %s, "+
		"%d SIGKILLs, %d server restarts, %d half-open rounds; proxy: %d connections, %d resets, %d cuts, %d frame cuts, %d rune cuts, "+
		"%d statuses, %d half-open (%d given up, longest wait %v), %d drips, %d refused; slowest run %v",
		s.n, s.Checked(t.Messages, t.WindowRepeats), t.Kills, t.Restarts, t.HalfOpenEvents, p.Connections, p.Resets, p.Cuts, p.FrameCuts,
		p.RuneCuts, p.Statuses, p.HalfOpens, p.HalfOpenQuits, p.HalfOpenLongest.Round(time.Millisecond), p.Drips, p.DialErrors,
		s.slow.Round(time.Millisecond))
}

// CheckCoverage fails a soak of many runs (10 or more) in which some fault
// never fired: it would pass without testing what it claims to.
func (s *Summary) CheckCoverage(t *testing.T) {
	t.Helper()
	if *runs < 10 {
		return
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	t2, p := s.total, s.total.Proxy
	counts := map[string]int64{
		"SIGKILL": int64(t2.Kills), "half-open given up": p.HalfOpenQuits,
		"reset": p.Resets, "cut": p.Cuts, "frame cut": p.FrameCuts, "rune cut": p.RuneCuts,
		"status": p.Statuses, "drip": p.Drips,
	}
	if s.Restarts {
		counts["server restart"] = int64(t2.Restarts)
	}
	for name, n := range counts {
		if n == 0 && !t.Failed() {
			t.Errorf("no %s in %d runs: the soak did not exercise it", name, s.n)
		}
	}
}
