package bench

import (
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/offsets"
)

// The guard is a short version of the benchmarks that runs with the other
// tests. Its bounds are ratios and generous (targets are 1.15x curl, 1.5x
// curl for a short stream and one fsync per interval): it catches a
// regression by a large factor on a loaded two-core machine, not a few per
// cent.
const (
	guardMessages      = 50_000
	guardShortMessages = 1_000
	guardRounds        = 5
	guardCurlRatio     = 5.0 // dstail catch-up wall time / curl's (measured 1.1-1.5x, 4.9x once at load 12: under load wall time follows CPU)
	guardShortRatio    = 4.0 // dstail short catch-up / the minimal Go client's (measured 1.0-1.4x)
	guardStartRounds   = 11
	guardStartRatio    = 5.0 // CPU of `dstail version` / a minimal Go program's (measured 1.5-2.5x; 8x with chroma linked)
	guardFsyncsPerSec  = 2 * float64(time.Second/offsets.DefaultInterval)
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
		t.Errorf("dstail catch-up takes %.1fx curl's time, bound %.0fx (target 1.15x): see BENCHMARKS.md", r, guardCurlRatio)
	}
}

// A short catch-up is mostly process start and one request: dstail against
// a minimal Go client reading the same stream.
func TestGuardShortCatchupAgainstGoClient(t *testing.T) {
	bin, goBin := dstailBinary(t), goReaderBinary(t)
	s := dspeer.Start(t)
	url := fillStream(t, s, "guard-short", guardShortMessages)
	res, err := alternate(guardRounds+2, []contender{
		{"dstail", dstailCatchup(t, bin, url)},
		{"go", goReaderCatchup(t, goBin, url)},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := ratio(res.wall("dstail"), res.wall("go"))
	t.Logf("catch-up of %d messages: dstail %s, minimal Go client %s (%.2fx)",
		guardShortMessages, ms(res.wall("dstail")), ms(res.wall("go")), r)
	if r > guardShortRatio {
		t.Errorf("dstail's short catch-up takes %.1fx the minimal Go client's time, bound %.0fx (target 1x): see BENCHMARKS.md", r, guardShortRatio)
	}
}

// Process start: nothing the chosen mode does not use may cost package
// init at every start (a syntax highlighter did, 20 ms).
func TestGuardStartup(t *testing.T) {
	bin, goBin := dstailBinary(t), goReaderBinary(t)
	res, err := alternate(guardStartRounds, []contender{
		{"dstail", runQuiet(bin, "version")},
		{"go", runQuiet(goBin, "version")},
	})
	if err != nil {
		t.Fatal(err)
	}
	r := ratio(res.cpu("dstail"), res.cpu("go"))
	t.Logf("version: dstail %s wall, %s CPU; minimal Go program %s wall, %s CPU (CPU %.2fx)",
		ms(res.wall("dstail")), ms(res.cpu("dstail")), ms(res.wall("go")), ms(res.cpu("go")), r)
	if r > guardStartRatio {
		t.Errorf("`dstail version` takes %.1fx the CPU of a minimal Go program, bound %.0fx: run GODEBUG=inittrace=1 dstail version", r, guardStartRatio)
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
