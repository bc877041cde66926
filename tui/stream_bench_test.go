package tui

import (
	"fmt"
	"runtime"
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
)

// streamBenchBatches is a long JSON stream as the transport hands it on:
// batches of 1,000 messages of about 200 bytes, each batch's data in one
// buffer.
func streamBenchBatches(n int) []*feed.Batch {
	filler := strings.Repeat("lorem ipsum dolor sit amet ", 6)
	var out []*feed.Batch
	for i := 0; i < n; i += 1000 {
		b := &feed.Batch{Kind: feed.KindJSON}
		var arena []byte
		var ends []int
		for j := i; j < min(i+1000, n); j++ {
			arena = fmt.Appendf(arena, `{"n":%d,"kind":"event","text":%q}`, j, filler)
			ends = append(ends, len(arena))
		}
		start := 0
		for _, end := range ends {
			b.Messages = append(b.Messages, feed.Message{Data: arena[start:end:end]})
			start = end
		}
		out = append(out, b)
	}
	return out
}

// benchStreamFeed feeds n messages into a stream view the way the program
// does (a copy per batch, a frame tick after each), draws the last screen,
// and reports the heap the view keeps (heap-MiB, beyond the input).
func benchStreamFeed(b *testing.B, n int) {
	batches := streamBenchBatches(n)
	last := fmt.Sprintf(`"n":%d,`, n-1)
	var kept, base uint64
	var ms runtime.MemStats
	runtime.GC()
	runtime.ReadMemStats(&ms)
	base = ms.HeapAlloc
	b.ReportAllocs()
	for b.Loop() {
		s := NewStream(Options{Server: "http://h/s", Color: true})
		s.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
		for _, bt := range batches {
			s.Update(NewStreamMsg(bt))
			s.Update(frameTickMsg{})
		}
		if !strings.Contains(s.View().Content, last) {
			b.Fatal("the last message is not on screen")
		}
		b.StopTimer()
		runtime.GC()
		runtime.ReadMemStats(&ms)
		kept = ms.HeapAlloc - min(base, ms.HeapAlloc)
		runtime.KeepAlive(s)
		b.StartTimer()
	}
	b.ReportMetric(float64(kept)/(1<<20), "heap-MiB")
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(b.N)/float64(n), "ns/msg")
}

func BenchmarkStreamFeed10000(b *testing.B)  { benchStreamFeed(b, 10_000) }
func BenchmarkStreamFeed100000(b *testing.B) { benchStreamFeed(b, 100_000) }

// BenchmarkStreamSearch types a search into the view of a 100,000-message
// stream, one key at a time as a user does (each key searches every row
// that may match), and reports the time per key: a query every row holds
// (broad) and one a single row holds (narrow, broad for its first keys).
func BenchmarkStreamSearch(b *testing.B) {
	for _, c := range []struct{ name, query string }{{"broad", "lorem"}, {"narrow", `"n":99999,`}} {
		b.Run(c.name, func(b *testing.B) {
			s := NewStream(Options{Server: "http://h/s", Color: true})
			s.Update(tea.WindowSizeMsg{Width: 120, Height: 40})
			for _, bt := range streamBenchBatches(100_000) {
				s.Update(NewStreamMsg(bt))
				s.Update(frameTickMsg{})
			}
			for b.Loop() {
				s.Update(press("/"))
				for _, r := range c.query {
					s.Update(press(string(r)))
				}
				if s.search.total == 0 {
					b.Fatalf("no match of %q", c.query)
				}
				s.Update(press("esc"))
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N*len(c.query)), "ms/key")
		})
	}
}
