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
	catchupLength = flag.Int("catchup-messages", 100_000, "messages in the stream of BenchmarkCatchupInProcess")
	catchupSizes  = flag.String("catchup-sizes", "1000,100000,500000", "stream lengths (messages) BenchmarkCatchup reads")
	nodeMax       = flag.Int("node-max", 100_000, "longest stream the TypeScript client reads (it needs about 6 s per 100,000 messages)")
	catchupB      = flag.String("catchup-compare", "", "a second dstail binary to alternate with the first (before/after)")
)

// BenchmarkCatchup reads a JSON stream of about 200-byte messages from the
// start to the end with dstail, curl (plain and --compressed), a minimal Go
// client, dstail asking for gzip and without saving its position, a second
// dstail binary (-catchup-compare) and the TypeScript client, alternated,
// at each length of -catchup-sizes. The reference server answers a catch-up in one response,
// so the longest (500,000 messages, 95 MB) is one response too.
func BenchmarkCatchup(b *testing.B) {
	bin := dstailBinary(b)
	goBin := goReaderBinary(b)
	curl := lookTool(b, "curl")
	s := dspeer.Start(b)
	for _, n := range parseSizes(b, *catchupSizes) {
		name := "catchup-" + strconv.Itoa(n)
		url := fillStream(b, s, name, n)
		if got := countDstailLines(b, bin, url); got != n {
			b.Fatalf("dstail printed %d lines, want %d", got, n)
		}
		if got := countGoReaderLines(b, goBin, url); got != n {
			b.Fatalf("goreader printed %d lines, want %d", got, n)
		}
		b.Run(strconv.Itoa(n), func(b *testing.B) { compareCatchup(b, bin, goBin, curl, url, n) })
	}
}

func compareCatchup(b *testing.B, bin, goBin, curl, url string, n int) {
	cs := []contender{
		{"dstail --json --once", dstailCatchup(b, bin, url)},
		{"curl", curlCatchup(curl, url, false)},
		{"curl --compressed", curlCatchup(curl, url, true)},
		{"go client (net/http + encoding/json)", goReaderCatchup(b, goBin, url)},
		// dstail asks a server on loopback for no gzip (--compress auto),
		// where compressing costs the server more than it saves; this row
		// shows how much.
		{"dstail --compress always", dstailCatchup(b, bin, url, "--compress", "always")},
		// Saving the position at the end costs two fsyncs (file and
		// directory), a few ms each, which no other reader pays.
		{"dstail --no-save", dstailCatchup(b, bin, url, "--no-save")},
	}
	if *catchupB != "" {
		cs = append(cs, contender{"B: " + *catchupB + " --json --once", dstailCatchup(b, *catchupB, url)})
	}
	if n <= *nodeMax {
		cs = append(cs, contender{"node @durable-streams/client", nodeCatchup(b, url, n)})
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
	rows := [][]string{{"reader", "wall (median)", "spread (min-max)", "vs curl", "CPU", "peak RSS"}}
	for _, c := range cs {
		lo, hi := res.wallRange(c.name)
		rows = append(rows, []string{c.name, ms(res.wall(c.name)), ms(lo) + " - " + ms(hi),
			fmt.Sprintf("%.2fx", ratio(res.wall(c.name), res.wall("curl"))),
			ms(res.cpu(c.name)), mib(res.rss(c.name))})
	}
	fmt.Fprintf(os.Stdout, "\ncatch-up, %d messages, %d rounds (medians), load %s\n", n, *rounds, loadAverage())
	table(os.Stdout, rows)
	goName := cs[3].name
	fmt.Fprintf(os.Stdout, "dstail/curl %.2fx  dstail/curl --compressed %.2fx  dstail/go client %.2fx\n",
		ratio(res.wall(d), res.wall("curl")), ratio(res.wall(d), res.wall("curl --compressed")),
		ratio(res.wall(d), res.wall(goName)))
	b.ReportMetric(ratio(res.wall(d), res.wall("curl")), "dstail/curl")
	b.ReportMetric(ratio(res.wall(d), res.wall(goName)), "dstail/go")
	b.ReportMetric(float64(res.rss(d))/(1<<20), "dstail-MiB")
}

// loadAverage is the machine's 1-minute load average, for the record.
func loadAverage() string {
	raw, err := os.ReadFile("/proc/loadavg")
	if err != nil || len(raw) == 0 {
		return "unknown"
	}
	f := string(raw)
	for i, c := range f {
		if c == ' ' {
			return f[:i]
		}
	}
	return f
}
