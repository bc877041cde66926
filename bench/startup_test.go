package bench

import (
	"bytes"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

var startupRounds = flag.Int("startup-rounds", 31, "timed rounds per contender of BenchmarkStartup")

// BenchmarkStartup measures process start: `dstail version` against a
// minimal Go program that prints one line (bench/goreader), and
// `dstail --json --once` of an empty stream against the same minimal
// client reading it, alternated. It also reports the package init time
// of `dstail version` from GODEBUG=inittrace=1, and its largest parts.
func BenchmarkStartup(b *testing.B) {
	bin, goBin := dstailBinary(b), goReaderBinary(b)
	s := dspeer.Start(b)
	s.Create(b, "empty", "application/json")
	url := s.StreamURL("empty")
	cs := []contender{
		{"dstail version", runQuiet(bin, "version")},
		{"go minimal (version)", runQuiet(goBin, "version")},
		{"dstail --json --once (empty stream)", runQuiet(bin, "--json", "--once", "--no-save", "--from", "start", url)},
		{"go minimal (empty stream)", runQuiet(goBin, url)},
	}
	for range b.N {
		res, err := alternate(*startupRounds, cs)
		if err != nil {
			b.Fatal(err)
		}
		rows := [][]string{{"process", "wall (median)", "spread (min-max)", "CPU"}}
		for _, c := range cs {
			lo, hi := res.wallRange(c.name)
			rows = append(rows, []string{c.name, ms(res.wall(c.name)), ms(lo) + " - " + ms(hi), ms(res.cpu(c.name))})
		}
		fmt.Fprintf(os.Stdout, "\nprocess start, %d rounds (medians), load %s\n", *startupRounds, loadAverage())
		table(os.Stdout, rows)
		v := ratio(res.wall(cs[0].name), res.wall(cs[1].name))
		j := ratio(res.wall(cs[2].name), res.wall(cs[3].name))
		fmt.Fprintf(os.Stdout, "dstail version / go minimal %.2fx  dstail --json / go minimal %.2fx\n", v, j)
		b.ReportMetric(v, "version/go")
		b.ReportMetric(j, "json/go")
		total, top, err := initTrace(bin, 5)
		if err != nil {
			b.Fatal(err)
		}
		fmt.Fprintf(os.Stdout, "package init of dstail version (inittrace, median of 5): %s; largest: %s\n", ms(total), strings.Join(top, ", "))
		b.ReportMetric(float64(total)/float64(time.Millisecond), "init-ms")
	}
}

// runQuiet runs bin with args, output on /dev/null.
func runQuiet(bin string, args ...string) func() (usage, error) {
	return func() (usage, error) {
		cmd := exec.Command(bin, args...)
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		u, err := measure(cmd)
		if err != nil {
			return u, fmt.Errorf("%s: %w: %s", bin, err, stderr.String())
		}
		return u, nil
	}
}

// initTrace runs `bin version` under GODEBUG=inittrace=1 runs times and
// returns the median total of the packages' init clock time and the
// largest packages of the last run.
func initTrace(bin string, runs int) (time.Duration, []string, error) {
	var totals []time.Duration
	var top []string
	for range runs {
		cmd := exec.Command(bin, "version")
		cmd.Env = append(os.Environ(), "GODEBUG=inittrace=1")
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		if err := cmd.Run(); err != nil {
			return 0, nil, fmt.Errorf("inittrace: %w", err)
		}
		total, pkgs := parseInitTrace(stderr.String())
		totals = append(totals, total)
		top = pkgs
	}
	return median(totals), top, nil
}

type pkgInit struct {
	name  string
	clock time.Duration
}

// parseInitTrace sums lines like "init net/http @2.7 ms, 0.039 ms clock,
// 4712 bytes, 49 allocs" and names the three slowest packages.
func parseInitTrace(out string) (time.Duration, []string) {
	var total time.Duration
	var pkgs []pkgInit
	for _, line := range strings.Split(out, "\n") {
		f := strings.Fields(line)
		if len(f) < 7 || f[0] != "init" || f[6] != "clock," {
			continue
		}
		v, err := strconv.ParseFloat(f[4], 64)
		if err != nil {
			continue
		}
		d := time.Duration(v * float64(time.Millisecond))
		total += d
		pkgs = append(pkgs, pkgInit{f[1], d})
	}
	slices.SortFunc(pkgs, func(a, b pkgInit) int { return int(b.clock - a.clock) })
	var top []string
	for _, p := range pkgs[:min(3, len(pkgs))] {
		top = append(top, fmt.Sprintf("%s %.2f ms", p.name, float64(p.clock)/float64(time.Millisecond)))
	}
	return total, top
}
