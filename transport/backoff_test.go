package transport

import (
	"context"
	"net"
	"net/http"
	"syscall"
	"testing"
	"time"
)

// highest makes the jitter pick the top of its range, so waits show the
// delay itself.
func highest(n int64) int64 { return n - 1 }

func TestBackoffGrowsToTheCapAndResets(t *testing.T) {
	ms := time.Millisecond
	cases := []struct {
		name string
		b    Backoff
		want []time.Duration // delays; each wait is delay-1ns with highest
	}{
		{"doubles up to max", Backoff{Initial: 10 * ms, Max: 80 * ms, Multiplier: 2}, []time.Duration{10 * ms, 20 * ms, 40 * ms, 80 * ms, 80 * ms}},
		{"uneven multiplier stops at max", Backoff{Initial: 10 * ms, Max: 25 * ms, Multiplier: 1.5}, []time.Duration{10 * ms, 15 * ms, 22500 * time.Microsecond, 25 * ms, 25 * ms}},
		{"initial above max is capped", Backoff{Initial: time.Second, Max: 10 * ms, Multiplier: 2}, []time.Duration{10 * ms, 10 * ms}},
		{"zero initial starts at 1ms", Backoff{Max: 4 * ms, Multiplier: 2}, []time.Duration{ms, 2 * ms, 4 * ms, 4 * ms}},
		{"no max keeps growing", Backoff{Initial: ms, Multiplier: 10}, []time.Duration{ms, 10 * ms, 100 * ms, time.Second}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			b := c.b
			b.rand = highest
			for round := range 2 { // the second round after Reset repeats the first
				for i, d := range c.want {
					if got := b.Next(0); got != d-1 {
						t.Fatalf("round %d wait %d = %v, want %v", round, i, got, d-1)
					}
				}
				b.Reset()
			}
		})
	}
}

func TestBackoffFullJitterStaysUnderTheCap(t *testing.T) {
	b := Backoff{Initial: time.Millisecond, Max: 50 * time.Millisecond, Multiplier: 2}
	var sum time.Duration
	seen := map[time.Duration]bool{}
	for range 2000 {
		w := b.Next(0)
		if w < 0 || w >= b.Max {
			t.Fatalf("wait %v outside [0, %v)", w, b.Max)
		}
		sum += w
		seen[w] = true
	}
	// Full jitter over [0, 50ms) averages near 25ms; a fixed or zero wait
	// would not.
	if mean := sum / 2000; mean < 15*time.Millisecond || mean > 35*time.Millisecond || len(seen) < 100 {
		t.Errorf("mean wait %v over %d distinct values: not full jitter", mean, len(seen))
	}
}

func TestBackoffFloor(t *testing.T) {
	b := Backoff{Initial: 10 * time.Millisecond, Max: time.Second, Multiplier: 2, rand: highest}
	if got := b.Next(time.Second); got != time.Second {
		t.Errorf("floor above the jitter: %v, want 1s", got)
	}
	if got := b.Next(time.Millisecond); got != 20*time.Millisecond-1 {
		t.Errorf("floor below the jitter: %v, want the jittered wait", got)
	}
	b.rand = func(int64) int64 { return 0 }
	if got := b.Next(3 * time.Second); got != 3*time.Second {
		t.Errorf("floor above the cap: %v, want the floor (a server's Retry-After wins)", got)
	}
}

func TestDefaultBackoff(t *testing.T) {
	b := DefaultBackoff()
	if b.Initial != 100*time.Millisecond || b.Max != 30*time.Second || b.Multiplier != 2 {
		t.Errorf("DefaultBackoff() = %+v", b)
	}
}

func TestRetryAfter(t *testing.T) {
	now := time.Date(2026, 3, 1, 12, 0, 0, 0, time.UTC)
	date := func(d time.Duration) string { return now.Add(d).Format(http.TimeFormat) }
	cases := []struct {
		value string
		want  time.Duration
	}{
		{"", 0},
		{"2", 2 * time.Second},
		{" 3 ", 3 * time.Second},
		{"0.05", 50 * time.Millisecond},
		{"1.5", 1500 * time.Millisecond},
		{"0", 0},
		{"-3", 0},
		{"7200", time.Hour},
		{"1e9", time.Hour},
		{"NaN", 0},
		{"soon", 0},
		{"12abc", 0},
		{date(10 * time.Second), 10 * time.Second},
		{now.Add(90 * time.Second).Format(time.RFC850), 90 * time.Second},
		{date(-time.Minute), 0},
		{date(48 * time.Hour), time.Hour},
		{"Mon, 99 Foo 2026 00:00:00 GMT", 0},
	}
	for _, c := range cases {
		h := http.Header{}
		if c.value != "" {
			h.Set("Retry-After", c.value)
		}
		if got := RetryAfter(h, now); got != c.want {
			t.Errorf("RetryAfter(%q) = %v, want %v", c.value, got, c.want)
		}
	}
}

func TestBackoffProbesFastEarlyInAnOutageWithoutAnswer(t *testing.T) {
	clock := time.Unix(1000, 0)
	b := DefaultBackoff()
	b.rand, b.now = highest, func() time.Time { return clock }
	refused := &net.OpError{Op: "dial", Err: syscall.ECONNREFUSED}
	for i := range 12 { // a grown backoff would wait up to 30 s by now
		if got := b.NextAfter(refused); got > FastProbe {
			t.Fatalf("attempt %d of a young outage waits %v, want at most %v", i+1, got, FastProbe)
		}
		clock = clock.Add(FastProbe)
	}
	clock = clock.Add(FastWindow)
	if got := b.NextAfter(refused); got < time.Second {
		t.Fatalf("after the first minute the wait is %v, want the grown backoff", got)
	}
	// An answer that says "wait" is honoured, and a server that answers
	// with an error is not probed fast.
	b.Reset()
	if got := b.NextAfter(&StatusError{Status: 503, RetryAfter: 5 * time.Second}); got != 5*time.Second {
		t.Fatalf("Retry-After 5s gave %v", got)
	}
	for range 8 {
		b.NextAfter(&StatusError{Status: 500})
	}
	if got := b.NextAfter(&StatusError{Status: 500}); got <= FastProbe {
		t.Fatalf("a server answering 500 is probed every %v, want the grown backoff", got)
	}
}

func TestPauseEndsWhenAskedToRetryNow(t *testing.T) {
	now := make(chan struct{}, 1)
	now <- struct{}{}
	start := time.Now()
	if err := Pause(context.Background(), time.Minute, now); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 5*time.Second {
		t.Fatalf("Pause took %v after retry-now", d)
	}
}
