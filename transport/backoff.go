package transport

import (
	"errors"
	"math/rand/v2"
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Backoff is capped exponential backoff with full jitter: each wait is a
// random duration in [0, delay), and delay grows by Multiplier up to Max.
type Backoff struct {
	Initial    time.Duration
	Max        time.Duration
	Multiplier float64

	delay  time.Duration
	rand   func(n int64) int64
	outage time.Time        // first failure since the last Reset
	now    func() time.Time // time.Now when nil
}

// While the server gives no answer at all (refused, reset, timed out), the
// first FastWindow of an outage is probed at least every FastProbe: such an
// attempt costs one connection, and a restarted server is used again
// within a second or two instead of after a grown backoff. Then the
// backoff goes on as it grew.
const (
	FastProbe  = 250 * time.Millisecond
	FastWindow = time.Minute
)

// ProbeTimeout bounds the wait for response headers while probing a young
// outage: a server that just opened its port may accept a connection it
// never answers, and the next probe must not wait long for it.
const ProbeTimeout = time.Second

// Probing reports whether the next attempt is a probe of a young outage.
func (b *Backoff) Probing() bool {
	now := time.Now
	if b.now != nil {
		now = b.now
	}
	return !b.outage.IsZero() && now().Sub(b.outage) < FastWindow
}

// NextAfter is the wait after a failed attempt that ended in err: Next with
// the server's Retry-After as floor, and no longer than FastProbe while an
// outage that got no answer is young.
func (b *Backoff) NextAfter(err error) time.Duration {
	floor := RetryAfterOf(err)
	now := time.Now
	if b.now != nil {
		now = b.now
	}
	if b.outage.IsZero() {
		b.outage = now()
	}
	wait := b.Next(floor)
	var se *StatusError
	if !errors.As(err, &se) && floor == 0 && now().Sub(b.outage) < FastWindow {
		wait = min(wait, FastProbe)
	}
	return wait
}

// DefaultBackoff starts near 100 ms and is capped at 30 s.
func DefaultBackoff() Backoff {
	return Backoff{Initial: 100 * time.Millisecond, Max: 30 * time.Second, Multiplier: 2}
}

// Next returns the next wait; floor (a server's Retry-After) wins when larger.
func (b *Backoff) Next(floor time.Duration) time.Duration {
	if b.delay <= 0 {
		b.delay = b.Initial
	}
	if b.delay <= 0 {
		b.delay = time.Millisecond
	}
	if b.Max > 0 && b.delay > b.Max {
		b.delay = b.Max // an Initial above Max must not escape the cap
	}
	pick := b.rand
	if pick == nil {
		pick = rand.Int64N
	}
	wait := time.Duration(pick(int64(b.delay)))
	grown := time.Duration(float64(b.delay) * b.Multiplier)
	if b.Max > 0 && (grown > b.Max || grown <= 0) {
		grown = b.Max
	}
	b.delay = max(grown, b.delay)
	return max(wait, floor)
}

// Reset starts over after a healthy connection.
func (b *Backoff) Reset() { b.delay, b.outage = 0, time.Time{} }

// maxRetryAfter bounds a server's Retry-After so a bad header cannot park the
// client for days.
const maxRetryAfter = time.Hour

// RetryAfter parses a Retry-After header given in seconds (decimals allowed)
// or as an HTTP date. It returns 0 when absent or unparsable.
func RetryAfter(h http.Header, now time.Time) time.Duration {
	v := strings.TrimSpace(h.Get("Retry-After"))
	if v == "" {
		return 0
	}
	var d time.Duration
	if secs, err := strconv.ParseFloat(v, 64); err == nil {
		if secs <= 0 {
			return 0
		}
		d = time.Duration(min(secs, maxRetryAfter.Seconds()) * float64(time.Second))
	} else if at, err := http.ParseTime(v); err == nil {
		d = at.Sub(now)
	}
	return min(max(d, 0), maxRetryAfter)
}
