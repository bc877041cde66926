package bench

import (
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/offsets"
)

// The guard is a short version of the benchmarks that runs with the other
// tests. Its bounds are ratios and generous (targets are 1.3x curl and one
// fsync per interval): it catches a regression by an order of magnitude on
// a loaded two-core machine, not a few per cent.
const (
	guardMessages     = 50_000
	guardRounds       = 3
	guardCurlRatio    = 5.0 // dstail catch-up wall time / curl's
	guardFsyncsPerSec = 2 * float64(time.Second/offsets.DefaultInterval)
)

func TestGuardCatchupAgainstCurl(t *testing.T) {
	bin := dstailBinary(t)
	curl := lookTool(t, "curl")
	s := dspeer.Start(t)
	url := fillStream(t, s, "guard", guardMessages)
	if got := countDstailLines(t, bin, url); got != guardMessages {
		t.Fatalf("dstail printed %d lines, want %d", got, guardMessages)
	}
	res, err := alternate(guardRounds, []contender{
		{"dstail", dstailCatchup(t, bin, url)},
		{"curl", curlCatchup(curl, url, false)},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := ratio(res.wall("dstail"), res.wall("curl"))
	t.Logf("catch-up of %d messages: dstail %s, curl %s (%.2fx); dstail peak RSS %s",
		guardMessages, ms(res.wall("dstail")), ms(res.wall("curl")), r, mib(res.rss("dstail")))
	if r > guardCurlRatio {
		t.Errorf("dstail catch-up takes %.1fx curl's time, bound %.0fx (target 1.3x): see BENCHMARKS.md", r, guardCurlRatio)
	}
}

func TestGuardFsyncRate(t *testing.T) {
	s := dspeer.Start(t)
	r := followFirehose(t, s, "guard-firehose", 1500*time.Millisecond)
	perSec := r.perSecond(r.stats.Fsyncs)
	t.Logf("firehose: %d messages in %d batches over %s, %d fsyncs (%.1f/s)",
		r.messages, r.batches, ms(r.elapsed), r.stats.Fsyncs, perSec)
	if r.batches < 10 {
		t.Fatalf("only %d batches: the firehose did not stream", r.batches)
	}
	if perSec > guardFsyncsPerSec {
		t.Errorf("%.1f fsyncs/s while streaming, bound %.0f (target one per %s)", perSec, guardFsyncsPerSec, offsets.DefaultInterval)
	}
}
