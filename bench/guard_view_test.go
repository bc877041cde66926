package bench

import (
	"testing"

	"github.com/dstail/dstail/internal/dspeer"
)

// The terminal view's guard: reading a long stream in the view costs about
// what `--json --once` costs, in CPU (steadier than wall time on a loaded
// machine) and in memory. The bounds are generous: before the view was
// virtual it took 13x the CPU and 82 MiB more at this length.
const (
	guardViewMessages = 50_000
	guardViewCPURatio = 3.0  // view CPU / --json CPU
	guardViewExtraMiB = 40.0 // view peak RSS beyond --json's
)

func TestGuardStreamViewAgainstJSON(t *testing.T) {
	bin := dstailBinary(t)
	s := dspeer.Start(t)
	url := fillStream(t, s, "guard-view", guardViewMessages)
	cs := []contender{
		{"json", dstailCatchup(t, bin, url)},
		{"view", viewCatchup(t, bin, url, guardViewMessages)},
	}
	res, err := alternate(2, cs)
	if err != nil {
		t.Fatal(err)
	}
	r := ratio(res.cpu("view"), res.cpu("json"))
	extra := float64(res.rss("view")-res.rss("json")) / (1 << 20)
	t.Logf("%d messages: view %s wall, %s CPU, %s; --json %s wall, %s CPU, %s",
		guardViewMessages, ms(res.wall("view")), ms(res.cpu("view")), mib(res.rss("view")),
		ms(res.wall("json")), ms(res.cpu("json")), mib(res.rss("json")))
	if r > guardViewCPURatio {
		t.Errorf("the view takes %.1fx the CPU of --json, bound %.0fx: see BENCHMARKS.md", r, guardViewCPURatio)
	}
	if extra > guardViewExtraMiB {
		t.Errorf("the view's peak RSS is %.0f MiB above --json's, bound %.0f MiB", extra, guardViewExtraMiB)
	}
}
