package bench

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"io"
	"net/url"
	"os"
	"testing"
	"time"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/output"
)

var firehoseFor = flag.Duration("firehose", 5*time.Second, "how long the offsets benchmark appends")

// firehoseResult is what following a firehose cost the position store.
type firehoseResult struct {
	elapsed  time.Duration
	messages int
	batches  int
	stats    offsets.Stats
}

func (r firehoseResult) perSecond(n uint64) float64 { return float64(n) / r.elapsed.Seconds() }

// followFirehose appends 100-message batches to a stream as fast as the
// server takes them for d, while dstail's own pipeline follows it live:
// the reader, the NDJSON writer (to io.Discard) and a position Commit per
// batch, exactly as `dstail URL` does. It counts the fsyncs the position
// store issued while streaming.
func followFirehose(tb testing.TB, s *dspeer.Server, name string, d time.Duration) firehoseResult {
	tb.Helper()
	streamURL := s.StreamURL(name)
	s.Create(tb, name, "application/json")
	u, _ := url.Parse(streamURL)
	key, err := offsets.NewKey(streamURL, u.EscapedPath())
	if err != nil {
		tb.Fatal(err)
	}
	saver, err := offsets.NewStore(tb.TempDir()).Open(key)
	if err != nil {
		tb.Fatal(err)
	}
	w := output.NewStreamWriter(io.Discard, streamURL, true)
	var res firehoseResult
	ctx, cancel := context.WithTimeout(context.Background(), d+time.Minute)
	defer cancel()
	start := time.Now()
	read := make(chan error, 1)
	go func() {
		read <- ds.ReadStream(ctx, ds.StreamOptions{URL: streamURL, From: feed.Position{Offset: "-1"}},
			func(b *feed.Batch) error {
				if err := w.WriteBatch(b); err != nil {
					return err
				}
				res.batches++
				res.messages += len(b.Messages)
				return saver.Commit(offsets.Position{Offset: b.After.Offset, Skip: b.After.Skip})
			})
	}()
	appendFor(tb, s, name, d)
	s.Close(tb, name) // the follower ends at the close
	if err := <-read; err != nil {
		tb.Fatalf("following the firehose: %v", err)
	}
	res.elapsed = time.Since(start)
	res.stats = saver.Stats()
	if err := saver.Close(); err != nil {
		tb.Fatal(err)
	}
	return res
}

// appendFor appends batches of 100 small messages for d, as fast as the
// server takes them.
func appendFor(tb testing.TB, s *dspeer.Server, name string, d time.Duration) {
	var body bytes.Buffer
	for n, end := 0, time.Now().Add(d); time.Now().Before(end); {
		body.Reset()
		body.WriteByte('[')
		for i := range 100 {
			if i > 0 {
				body.WriteByte(',')
			}
			fmt.Fprintf(&body, `{"n":%d,"text":"firehose"}`, n)
			n++
		}
		body.WriteByte(']')
		s.Append(tb, name, body.Bytes())
	}
}

// BenchmarkOffsets reports fsyncs per second while following a firehose.
func BenchmarkOffsets(b *testing.B) {
	s := dspeer.Start(b)
	for i := range b.N {
		r := followFirehose(b, s, fmt.Sprintf("firehose-%d", i), *firehoseFor)
		fmt.Fprintf(os.Stdout, "\noffsets while following a firehose for %s (interval %s)\n", ms(r.elapsed), offsets.DefaultInterval)
		table(os.Stdout, [][]string{
			{"figure", "value"},
			{"messages / batches (commits)", fmt.Sprintf("%d / %d", r.messages, r.batches)},
			{"journal commits per second", fmt.Sprintf("%.0f", float64(r.batches)/r.elapsed.Seconds())},
			{"main-file writes per second", fmt.Sprintf("%.1f", r.perSecond(r.stats.Writes))},
			{"fsyncs per second (file + directory)", fmt.Sprintf("%.1f", r.perSecond(r.stats.Fsyncs))},
		})
		b.ReportMetric(r.perSecond(r.stats.Fsyncs), "fsyncs/s")
	}
}
