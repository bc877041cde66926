package e2eoc

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"time"

	"github.com/dstail/dstail/internal/faultproxy"
	"github.com/dstail/dstail/internal/ocpeer"
)

const (
	// soakIdle is dstail's --idle-timeout in the soak: short, so a half-open
	// connection costs little; OpenCode beats every 10 s, and meanwhile the
	// shared server's other sessions keep the global stream talking.
	soakIdle     = 3 * time.Second
	soakScenario = "soak"
	soakTurns    = 2
	soakWords    = 50
	soakDelay    = 30 * time.Millisecond
)

// soakAnswer is the mock's answer in the soak: words of two-, three- and
// four-byte UTF-8 sequences, so that cuts inside a sequence have something
// to cut.
var soakAnswer = func() string {
	stems := []string{"naïve", "日本語", "🎉party", "жук", "café", "한국어", "emoji🙂"}
	words := make([]string, soakWords)
	for i := range words {
		words[i] = fmt.Sprintf("%s%02d", stems[i%len(stems)], i)
	}
	return strings.Join(words, " ")
}()

// soakEvent is what happens while a turn streams.
type soakEvent int

const (
	eventNone     soakEvent = iota
	eventKill               // SIGKILL dstail, start it again on the same state
	eventHalfOpen           // every new connection half-open until one times out
)

func (e soakEvent) String() string { return [...]string{"none", "kill", "half-open"}[e] }

// ocSoakPlan is one seeded run.
type ocSoakPlan struct {
	seed   uint64
	events [soakTurns]soakEvent
	rng    *rand.Rand
}

func newOCSoakPlan(seed uint64) *ocSoakPlan {
	p := &ocSoakPlan{seed: seed, rng: rand.New(rand.NewPCG(seed, 0x0c50a4))}
	for i := range p.events {
		switch r := p.rng.Float64(); {
		case r < 0.5:
			p.events[i] = eventKill
		case r < 0.75:
			p.events[i] = eventHalfOpen
		}
	}
	return p
}

func (p *ocSoakPlan) String() string { return fmt.Sprintf("seed %d: events %v", p.seed, p.events) }

// faults draws a fresh mix of network faults; every connection but a small
// clean share gets one. REST answers and the event stream carry a few KB
// each, so byte limits start low enough to land inside them.
func (p *ocSoakPlan) faults() faultproxy.Config {
	r := p.rng
	// Weights of status, half-open, reset, cut, frame cut, rune cut, clean.
	w := []float64{0.02 + 0.08*r.Float64(), 0.02 * r.Float64(), r.Float64(), r.Float64(), r.Float64(), r.Float64(), 0.15 * r.Float64()}
	sum := 0.0
	for _, v := range w {
		sum += v
	}
	limit := func(upTo int) faultproxy.ByteFault {
		return faultproxy.ByteFault{Min: r.IntN(300), Max: 1000 + r.IntN(upTo)}
	}
	cfg := faultproxy.Config{
		Seed:     r.Uint64(),
		Status:   faultproxy.StatusFault{Code: 503, RetryAfter: 1},
		Reset:    limit(30 << 10),
		Cut:      limit(30 << 10),
		FrameCut: limit(8 << 10),
		RuneCut:  limit(8 << 10),
		Drip:     faultproxy.DripFault{Rate: 0.05 + 0.15*r.Float64(), Interval: 100 * time.Millisecond, Bytes: 1 + r.IntN(12), MaxStart: 1500},
	}
	if r.IntN(2) == 0 {
		cfg.Status.Code = 429
	}
	scale := 0.999 / sum // just under 1, so rounding never pushes the sum over
	cfg.Status.Rate, cfg.HalfOpen.Rate = w[0]*scale, w[1]*scale
	cfg.Reset.Rate, cfg.Cut.Rate = w[2]*scale, w[3]*scale
	cfg.FrameCut.Rate, cfg.RuneCut.Rate = w[4]*scale, w[5]*scale
	return cfg
}

// scriptSoak installs the soak scenario on the shared server's mock.
func scriptSoak(s *ocpeer.Server) {
	s.Mock.Script(soakScenario, func(ocpeer.Request, int) ocpeer.Response {
		return ocpeer.Text(soakAnswer, soakDelay)
	})
}
