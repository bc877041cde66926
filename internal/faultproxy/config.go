package faultproxy

import (
	"errors"
	"fmt"
	"math"
	"math/rand/v2"
	"time"
)

// Config says which faults the proxy injects. The zero Config forwards
// everything unchanged. A fault is off while its Rate is 0.
//
// Status, HalfOpen, Reset, Cut, FrameCut and RuneCut exclude each other:
// each new connection gets at most one of them, Rate being the fraction of
// new connections that get it, so their Rates must add up to at most 1. Drip
// is drawn separately and combines with any fault but Status and HalfOpen.
type Config struct {
	// Seed fixes the random decisions: the n-th accepted connection gets the
	// same faults on every run. Only New reads it; SetConfig continues the
	// running sequence.
	Seed uint64

	Status   StatusFault
	HalfOpen HalfOpenFault
	Reset    ByteFault // RST after the chosen number of bytes
	Cut      ByteFault // clean close (FIN) after the chosen number of bytes
	// FrameCut closes cleanly inside the first SSE data line that starts
	// after the chosen number of bytes: the client sees a frame begun and
	// never finished.
	FrameCut ByteFault
	// RuneCut closes cleanly inside the first multi-byte UTF-8 sequence
	// that starts after the chosen number of bytes.
	RuneCut ByteFault
	Drip    DripFault
}

// StatusFault answers the first request of a connection itself, without
// contacting the target, then closes the connection.
type StatusFault struct {
	Rate       float64
	Code       int // HTTP status; 0 means 503
	RetryAfter int // seconds for the Retry-After header; 0 leaves it out
}

// HalfOpenFault accepts the connection, reads and discards what the client
// sends and never answers, until the client gives up or the fault is turned
// off (then the proxy closes the connection).
type HalfOpenFault struct {
	Rate float64
}

// ByteFault lets a number of server-to-client bytes through, drawn uniformly
// from [Min, Max] per connection, and then ends the connection: the first N
// bytes are sent, byte N+1 never is. The count runs across all responses on
// a keep-alive connection, and a connection whose responses stay within N
// bytes is never ended. With a Cut the client reads all N bytes and then
// EOF; with a Reset its kernel may drop the part it had not read yet when
// the RST arrived, so the client sees at most N bytes, then ECONNRESET.
type ByteFault struct {
	Rate     float64
	Min, Max int
}

// DripFault forwards server-to-client data one byte per Interval. Bytes
// bounds how many bytes are dripped (0: all of them), after which the
// connection runs at full speed again; dripping starts after a number of
// bytes drawn from [0, MaxStart].
type DripFault struct {
	Rate     float64
	Interval time.Duration
	Bytes    int
	MaxStart int
}

func (c Config) validate() error {
	rates := []struct {
		name string
		rate float64
	}{
		{"Status", c.Status.Rate}, {"HalfOpen", c.HalfOpen.Rate},
		{"Reset", c.Reset.Rate}, {"Cut", c.Cut.Rate}, {"FrameCut", c.FrameCut.Rate},
		{"RuneCut", c.RuneCut.Rate}, {"Drip", c.Drip.Rate},
	}
	for _, r := range rates {
		if math.IsNaN(r.rate) || r.rate < 0 || r.rate > 1 {
			return fmt.Errorf("faultproxy: %s.Rate %v is not in [0, 1]", r.name, r.rate)
		}
	}
	if sum := c.exclusiveRate(); sum > 1+1e-9 {
		return fmt.Errorf("faultproxy: Status, HalfOpen, Reset, Cut, FrameCut and RuneCut rates add up to %v, more than 1", sum)
	}
	if code := c.Status.Code; code != 0 && (code < 100 || code > 599) {
		return fmt.Errorf("faultproxy: Status.Code %d is not an HTTP status", code)
	}
	if c.Status.RetryAfter < 0 {
		return errors.New("faultproxy: Status.RetryAfter is negative")
	}
	for name, f := range map[string]ByteFault{"Reset": c.Reset, "Cut": c.Cut, "FrameCut": c.FrameCut, "RuneCut": c.RuneCut} {
		if f.Min < 0 || f.Max < f.Min {
			return fmt.Errorf("faultproxy: %s needs 0 <= Min <= Max, got [%d, %d]", name, f.Min, f.Max)
		}
	}
	if c.Drip.Rate > 0 && c.Drip.Interval <= 0 {
		return errors.New("faultproxy: Drip needs a positive Interval")
	}
	if c.Drip.Bytes < 0 || c.Drip.MaxStart < 0 {
		return errors.New("faultproxy: Drip.Bytes and Drip.MaxStart must not be negative")
	}
	return nil
}

func (c Config) exclusiveRate() float64 {
	return c.Status.Rate + c.HalfOpen.Rate + c.Reset.Rate + c.Cut.Rate + c.FrameCut.Rate + c.RuneCut.Rate
}

func (c StatusFault) code() int {
	if c.Code == 0 {
		return 503
	}
	return c.Code
}

// kind is the exclusive fault chosen for a connection.
type kind int

const (
	kindNone kind = iota
	kindStatus
	kindHalfOpen
	kindReset
	kindCut
	kindFrameCut
	kindRuneCut
)

// plan is what happens to one connection, fixed when it is accepted.
type plan struct {
	kind   kind
	limit  int         // server-to-client bytes let through, for the byte faults
	status StatusFault // the answer, for kindStatus
	drip   bool
	// dripFrom is the byte count at which dripping starts.
	dripFrom int
	// spare is a second seeded number: where inside a frame or a UTF-8
	// sequence a FrameCut or RuneCut lands.
	spare uint64
}

// decide draws a connection's plan. It always takes the same number of
// draws, so one connection's outcome does not shift the ones after it.
func decide(rng *rand.Rand, c Config) plan {
	u, d := rng.Float64(), rng.Float64()
	n := rng.Uint64()
	// The high bits of n, unused by pick for any sane span, place the drip
	// and the cut inside a frame without taking another draw.
	p := plan{drip: d < c.Drip.Rate, dripFrom: int((n >> 32) % uint64(c.Drip.MaxStart+1)), spare: n >> 40}
	bounds := []struct {
		rate float64
		kind kind
		f    ByteFault
	}{
		{c.Status.Rate, kindStatus, ByteFault{}}, {c.HalfOpen.Rate, kindHalfOpen, ByteFault{}},
		{c.Reset.Rate, kindReset, c.Reset}, {c.Cut.Rate, kindCut, c.Cut},
		{c.FrameCut.Rate, kindFrameCut, c.FrameCut}, {c.RuneCut.Rate, kindRuneCut, c.RuneCut},
	}
	acc := 0.0
	for _, b := range bounds {
		acc += b.rate
		if u < acc {
			p.kind, p.limit = b.kind, pick(n, b.f)
			break
		}
	}
	if p.kind == kindStatus {
		p.status = c.Status
	}
	return p
}

func pick(n uint64, f ByteFault) int {
	span := uint64(f.Max-f.Min) + 1
	return f.Min + int(n%span)
}

// enabled reports whether the fault k is still switched on in c; a fault
// turned off at run time no longer fires on connections it was planned for.
func (c Config) enabled(k kind) bool {
	switch k {
	case kindStatus:
		return c.Status.Rate > 0
	case kindHalfOpen:
		return c.HalfOpen.Rate > 0
	case kindReset:
		return c.Reset.Rate > 0
	case kindCut:
		return c.Cut.Rate > 0
	case kindFrameCut:
		return c.FrameCut.Rate > 0
	case kindRuneCut:
		return c.RuneCut.Rate > 0
	}
	return false
}
