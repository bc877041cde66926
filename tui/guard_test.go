package tui

import (
	"runtime"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/cputime"
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

// TestGuardStreamedTokenCostIndependentOfLength is the CI guard on
// BenchmarkStreamTokens: a token at the end of a long answer must cost
// about what one near the start of a short answer does. It compares the
// bytes allocated per token, which the machine's load does not change and
// which followed the work when it grew with the answer (1.7x from 400 to
// 3,200 tokens when every frame laid out and rendered the whole answer,
// now 1.0x); the CPU per token is logged.
func TestGuardStreamedTokenCostIndependentOfLength(t *testing.T) {
	const short, long, bound = 400, 3200, 1.3
	s := newTokenStream(long)
	s.stream(t, s.session(t), 100) // first use of the highlighter and styles
	perToken := func(n int) (bytes float64, cpu time.Duration) {
		m := s.session(t)
		var before, after runtime.MemStats
		runtime.ReadMemStats(&before)
		start := cputime.Self()
		s.stream(t, m, n)
		cpu = cputime.Self() - start
		runtime.ReadMemStats(&after)
		return float64(after.TotalAlloc-before.TotalAlloc) / float64(n), cpu / time.Duration(n)
	}
	shortBytes, shortCPU := perToken(short)
	longBytes, longCPU := perToken(long)
	ratio := longBytes / shortBytes
	t.Logf("per token: %.0f bytes at %d tokens, %.0f at %d (%.2fx); CPU %v and %v", shortBytes, short, longBytes, long, ratio, shortCPU, longCPU)
	if ratio > bound {
		t.Errorf("a token of a %d-token answer allocates %.2fx one of a %d-token answer (bound %.1fx): work per token grows with the answer again",
			long, ratio, short, bound)
	}
}
