package follower

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/cputime"
	"github.com/dstail/dstail/reconcile"
)

// BenchmarkFlood follows a session while the server sends an answer of
// 20,000 deltas at once, until the text is complete, and reports the cost
// per delta of reading, applying and handing them on (the handler only
// counts them): wall time, and the CPU time of the whole process (the
// fake server's writing included, the same for every build).
func BenchmarkFlood(b *testing.B) {
	const n = 20_000
	f := newFakeOpenCode(b, "a-plain")
	flood, _ := floodDeltas(f.session, n)
	f.frames = append(f.frames, flood...)
	srv := httptest.NewServer(f)
	defer srv.Close()
	b.ReportAllocs()
	cpu := cputime.Self()
	for b.Loop() {
		ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
		deltas := 0
		err := Follow(ctx, Options{Server: srv.URL, Sessions: []string{f.session}, Backoff: fastBackoff(),
			Start: func(string, Origin) (Start, error) { return Start{}, nil }},
			func(_ string, evs []reconcile.Event, _ *reconcile.Model) error {
				for i := range evs {
					if evs[i].Type == reconcile.TypePartDelta {
						deltas++
					}
				}
				if deltas == n {
					return ErrStop
				}
				return nil
			})
		cancel()
		if err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N*n), "ns/delta")
	b.ReportMetric(float64((cputime.Self()-cpu).Nanoseconds())/float64(b.N*n), "cpu-ns/delta")
}
