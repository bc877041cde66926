package bench

import (
	"io"
	"testing"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/output"
)

// BenchmarkCatchupInProcess is dstail's catch-up pipeline (reader, framer,
// NDJSON writer) inside the test binary, for profiling with -cpuprofile and
// -memprofile: go test -run '^$' -bench CatchupInProcess -cpuprofile cpu.out ./bench/
func BenchmarkCatchupInProcess(b *testing.B) {
	s := dspeer.Start(b)
	n := *catchupLength
	url := fillStream(b, s, "inproc", n)
	b.ReportAllocs()
	for b.Loop() {
		w := output.NewStreamWriter(io.Discard, url, true)
		got := 0
		err := ds.ReadStream(b.Context(), ds.StreamOptions{URL: url, Live: ds.LiveOff}, func(bt *feed.Batch) error {
			got += len(bt.Messages)
			return w.WriteBatch(bt)
		})
		if err != nil || got != n {
			b.Fatalf("read %d messages (%v), want %d", got, err, n)
		}
	}
}
