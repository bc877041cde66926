package e2e

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dstail/dstail/internal/faultproxy"
)

// Timing of the soak runs: a short idle timeout so half-open connections
// cost little, and a server long-poll hold (also its SSE keep-alive
// interval) well inside it, so healthy idle connections stay up.
const (
	soakIdle     = 2 * time.Second
	soakHold     = 500 * time.Millisecond
	soakRounds   = 6
	soakMessages = 360 // per run, split over the rounds
)

// soakEvent is what happens after a round of appends.
type soakEvent int

const (
	eventNone     soakEvent = iota
	eventKill               // SIGKILL dstail, start it again on the same state
	eventRestart            // restart the file-backed server on a new port
	eventHalfOpen           // every new connection half-open until one times out
)

func (e soakEvent) String() string {
	return [...]string{"none", "kill", "restart", "half-open"}[e]
}

// dsSoakPlan is one seeded run: what the stream holds, how dstail follows
// it, and the faults between them.
type dsSoakPlan struct {
	seed        uint64
	contentType string
	live        string // --live, or "" for dstail's default
	sse         bool   // dstail follows by SSE once caught up
	compressed  bool
	events      [soakRounds]soakEvent
	rng         *rand.Rand
}

func newDSSoakPlan(seed uint64) *dsSoakPlan {
	rng := rand.New(rand.NewPCG(seed, 0x50a4))
	p := &dsSoakPlan{seed: seed, rng: rng, contentType: "application/json"}
	if rng.IntN(3) == 0 {
		p.contentType = "text/plain; charset=utf-8"
	}
	p.live = [...]string{"", "sse", "sse", "long-poll"}[rng.IntN(4)]
	// By default dstail follows text by long-poll: SSE cannot carry text
	// byte-exact (see docs/soak.md).
	p.sse = p.live == "sse" || p.live == "" && !p.text()
	p.compressed = rng.IntN(4) == 0
	for i := range p.events {
		switch r := rng.Float64(); {
		case r < 0.35:
			p.events[i] = eventKill
		case r < 0.55:
			p.events[i] = eventRestart
		case r < 0.75 && p.sse:
			// A long-poll request may legitimately get no answer for the
			// server's whole hold (30 s by default), so dstail waits that long
			// for headers there; half-open is a fault of the SSE runs only.
			p.events[i] = eventHalfOpen
		}
	}
	return p
}

func (p *dsSoakPlan) text() bool { return strings.HasPrefix(p.contentType, "text/") }

// splitRunes says whether the writer may split an append inside a UTF-8
// sequence. The reference server sends each append of a text stream over
// SSE as a string of its own, so a split sequence arrives as U+FFFD there;
// long-poll and catch-up keep the bytes.
func (p *dsSoakPlan) splitRunes() bool { return !p.sse }

// args are dstail's flags for the plan.
func (p *dsSoakPlan) args(stateDir, url string) []string {
	args := []string{"--json", "--idle-timeout", soakIdle.String(), "--state-dir", stateDir}
	if p.live != "" {
		args = append(args, "--live", p.live)
	}
	if p.compressed {
		args = append(args, "--compress", "always") // the proxy is on loopback
	}
	return append(args, url)
}

func (p *dsSoakPlan) String() string {
	live := p.live
	if live == "" {
		live = "the default live mode"
	}
	return fmt.Sprintf("seed %d: %s over %s, compressed %v, events %v", p.seed, p.contentType, live, p.compressed, p.events)
}

// faults draws a fresh mix of network faults. Every connection gets one of
// them, bar a small clean share: a clean keep-alive connection would carry
// the rest of the round untouched. Byte limits reach above the backlog a
// kill or restart leaves (a few KB), so a connection can make progress,
// and stay below a run's total (about 30 KB), so faults fire often.
func (p *dsSoakPlan) faults() faultproxy.Config {
	r := p.rng
	// Weights of status, half-open, reset, cut, frame cut, rune cut, clean.
	w := []float64{0.02 + 0.1*r.Float64(), 0, r.Float64(), r.Float64(), r.Float64(), r.Float64(), 0.1 * r.Float64()}
	if p.sse {
		w[1] = 0.03 * r.Float64()
	}
	sum := 0.0
	for _, v := range w {
		sum += v
	}
	limit := func(upTo int) faultproxy.ByteFault {
		return faultproxy.ByteFault{Min: r.IntN(200), Max: 1000 + r.IntN(upTo)}
	}
	cfg := faultproxy.Config{
		Seed:     r.Uint64(),
		Status:   faultproxy.StatusFault{Code: 503, RetryAfter: 1},
		Reset:    limit(12 << 10),
		Cut:      limit(12 << 10),
		FrameCut: limit(6 << 10),
		RuneCut:  limit(6 << 10),
		Drip:     faultproxy.DripFault{Rate: 0.05 + 0.15*r.Float64(), Interval: 100 * time.Millisecond, Bytes: 1 + r.IntN(12), MaxStart: 1500},
	}
	if r.IntN(2) == 0 {
		cfg.Status.Code = 429
	}
	// Scale the rates to add up to just under 1, so rounding never pushes
	// the exclusive sum over it.
	scale := 0.999 / sum
	cfg.Status.Rate, cfg.HalfOpen.Rate = w[0]*scale, w[1]*scale
	cfg.Reset.Rate, cfg.Cut.Rate = w[2]*scale, w[3]*scale
	cfg.FrameCut.Rate, cfg.RuneCut.Rate = w[4]*scale, w[5]*scale
	return cfg
}
