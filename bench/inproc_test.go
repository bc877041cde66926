package bench

import (
	"bytes"
	"io"
	"testing"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/iostreams"
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

// BenchmarkSessionOpenInProcess is `dstail ID --json --once` of a session
// of -open-messages messages inside the test binary, against the fake of
// internal/ocfake, for profiling with -cpuprofile and -memprofile and for
// what one open allocates (which sets how often the collector runs):
// go test -run '^$' -bench SessionOpenInProcess -benchmem ./bench/
func BenchmarkSessionOpenInProcess(b *testing.B) {
	url, id := serveLongSession(b, *openLength)
	var out bytes.Buffer
	b.ReportAllocs()
	for b.Loop() {
		out.Reset()
		s, _, _, _ := iostreams.Test()
		s.Out = &out
		c := &app.Config{
			Server: url, JSON: true, Once: true, NoSave: true, From: "saved", Live: "sse", MaxSessions: app.DefaultMaxSessions,
			MaxEventSize: app.DefaultMaxEventSize, MaxBuffer: app.DefaultMaxBuffer, Compress: app.DefaultCompress,
		}
		if err := app.Follow(b.Context(), c, s, []string{id}); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(bytes.Count(out.Bytes(), []byte("\n"))), "lines")
}
