package bench

import (
	"flag"
	"fmt"
	"os"
	"strconv"
	"testing"

	"github.com/dstail/dstail/internal/dspeer"
)

var (
	rounds        = flag.Int("rounds", 7, "timed rounds per contender, after one warm-up each")
	catchupLength = flag.Int("catchup-messages", 100_000, "messages in the long catch-up stream")
)

// BenchmarkCatchup reads a JSON stream of about 200-byte messages from the
// start to the end with dstail, curl and the TypeScript client, alternated,
// at the full length and at a fifth of it (to see whether memory grows with
// the stream).
func BenchmarkCatchup(b *testing.B) {
	bin := dstailBinary(b)
	curl := lookTool(b, "curl")
	s := dspeer.Start(b)
	long := *catchupLength
	for _, n := range []int{long / 5, long} {
		url := fillStream(b, s, "catchup-"+strconv.Itoa(n), n)
		if got := countDstailLines(b, bin, url); got != n {
			b.Fatalf("dstail printed %d lines, want %d", got, n)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) { compareCatchup(b, bin, curl, url, n) })
	}
}

func compareCatchup(b *testing.B, bin, curl, url string, n int) {
	cs := []contender{
		{"dstail --json --once", dstailCatchup(b, bin, url)},
		{"curl", curlCatchup(curl, url, false)},
		{"curl --compressed", curlCatchup(curl, url, true)},
		{"node @durable-streams/client", nodeCatchup(b, url, n)},
	}
	for range b.N {
		res, err := alternate(*rounds, cs)
		if err != nil {
			b.Fatal(err)
		}
		report(b, n, res, cs)
	}
}

func report(b *testing.B, n int, res samples, cs []contender) {
	d := cs[0].name
	rows := [][]string{{"reader", "wall (median)", "vs curl", "CPU", "peak RSS"}}
	for _, c := range cs {
		rows = append(rows, []string{c.name, ms(res.wall(c.name)),
			fmt.Sprintf("%.2fx", ratio(res.wall(c.name), res.wall("curl"))),
			ms(res.cpu(c.name)), mib(res.rss(c.name))})
	}
	fmt.Fprintf(os.Stdout, "\ncatch-up, %d messages, %d rounds (medians)\n", n, *rounds)
	table(os.Stdout, rows)
	fmt.Fprintf(os.Stdout, "dstail/curl %.2fx  dstail/curl --compressed %.2fx  dstail/node %.2fx\n",
		ratio(res.wall(d), res.wall("curl")), ratio(res.wall(d), res.wall("curl --compressed")),
		ratio(res.wall(d), res.wall(cs[3].name)))
	b.ReportMetric(ratio(res.wall(d), res.wall("curl")), "dstail/curl")
	b.ReportMetric(ratio(res.wall(d), res.wall(cs[3].name)), "dstail/node")
	b.ReportMetric(float64(res.rss(d))/(1<<20), "dstail-MiB")
}
