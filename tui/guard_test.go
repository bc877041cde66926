package tui

import (
	"testing"
)

// TestGuardFrameCostIndependentOfSession is the CI guard on the view's
// benchmarks: a streaming frame for 10,000 messages must cost about what
// one for 10 does (BENCHMARKS.md has the figures). The bound is a generous
// ratio, never an absolute time, so only an order-of-magnitude regression
// (work per frame that grows with the session again) fails on a busy
// machine. Rounds alternate and each side keeps its fastest, to let load
// fall on both.
func TestGuardFrameCostIndependentOfSession(t *testing.T) {
	const rounds, bound = 3, 5.0
	small, large := int64(1<<62), int64(1<<62)
	for range rounds {
		small = min(small, testing.Benchmark(func(b *testing.B) { benchFrame(b, 10) }).NsPerOp())
		large = min(large, testing.Benchmark(func(b *testing.B) { benchFrame(b, 10_000) }).NsPerOp())
	}
	ratio := float64(large) / float64(small)
	t.Logf("frame for 10,000 messages: %d ns, for 10: %d ns, ratio %.2f", large, small, ratio)
	if ratio > bound {
		t.Errorf("a frame for 10,000 messages costs %.1fx one for 10 (bound %.0fx)", ratio, bound)
	}
}
