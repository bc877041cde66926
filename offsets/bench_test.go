package offsets

import (
	"testing"
)

// BenchmarkSave measures the hot-path cost of Save with the default flusher
// running, and reports how many fsyncs the flusher issued per second.
func BenchmarkSave(b *testing.B) {
	st := NewStore(b.TempDir())
	k, err := NewKey("http://127.0.0.1:4437", "/v1/stream/bench")
	if err != nil {
		b.Fatal(err)
	}
	sv, err := st.Open(k)
	if err != nil {
		b.Fatal(err)
	}
	offsets := []string{"0000000000000000_0000000000000001", "0000000000000000_0000000000000002"}
	b.ReportAllocs()
	var i int64
	for b.Loop() {
		i++
		sv.Save(Position{Offset: offsets[i%2], Skip: i})
	}
	b.StopTimer()
	if err := sv.Close(); err != nil {
		b.Fatal(err)
	}
	if secs := b.Elapsed().Seconds(); secs > 0 {
		b.ReportMetric(float64(sv.Stats().Fsyncs)/secs, "fsyncs/s")
	}
}
