package bench

import (
	"flag"
	"fmt"
	"os"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/internal/tmuxpane"
)

var (
	viewLength = flag.Int("view-messages", 100_000, "messages in the stream the terminal view reads")
	viewRounds = flag.Int("view-rounds", 5, "timed rounds of the terminal view and of --json, after one warm-up each")
)

// BenchmarkStreamView reads a long JSON stream from the start in the
// terminal view, on a real 120x40 terminal (tmux), until its last message
// is on screen, alternated with `dstail --json --once` of the same stream:
// the view should cost about what the catch-up costs, in memory that does
// not grow with the stream.
func BenchmarkStreamView(b *testing.B) {
	bin := dstailBinary(b)
	s := dspeer.Start(b)
	n := *viewLength
	url := fillStream(b, s, "view-"+strconv.Itoa(n), n)
	cs := []contender{
		{"dstail --json --once", dstailCatchup(b, bin, url)},
		{"dstail view", viewCatchup(b, bin, url, n)},
	}
	for range b.N {
		res, err := alternate(*viewRounds, cs)
		if err != nil {
			b.Fatal(err)
		}
		rows := [][]string{{"reader", "wall", "(min-max)", "CPU", "(min-max)", "peak RSS", "(min-max)"}}
		for _, c := range cs {
			us := res[c.name]
			rows = append(rows, []string{c.name, ms(res.wall(c.name)), spread(us, func(u usage) time.Duration { return u.wall }, ms),
				ms(res.cpu(c.name)), spread(us, func(u usage) time.Duration { return u.cpu }, ms),
				mib(res.rss(c.name)), spread(us, func(u usage) int64 { return u.maxRSS }, mib)})
		}
		r := ratio(res.wall(cs[1].name), res.wall(cs[0].name))
		fmt.Fprintf(os.Stdout, "\nterminal view of a %d-message stream, last message on screen, %d rounds (medians)\n", n, *viewRounds)
		table(os.Stdout, rows)
		firsts := pick(res[cs[1].name], func(u usage) time.Duration { return u.first })
		fmt.Fprintf(os.Stdout, "view/--json %.2fx (target 1.5x), view peak RSS %s (target < 60 MiB); the view's first screen after %s (%s)\n",
			r, mib(res.rss(cs[1].name)), ms(median(firsts)), spread(res[cs[1].name], func(u usage) time.Duration { return u.first }, ms))
		b.ReportMetric(r, "view/json")
		b.ReportMetric(float64(res.rss(cs[1].name))/(1<<20), "view-MiB")
	}
}

// spread is the smallest and largest of a figure over the rounds.
func spread[T ~int64](us []usage, f func(usage) T, format func(T) string) string {
	xs := pick(us, f)
	return format(slices.Min(xs)) + "-" + format(slices.Max(xs))
}

// viewCatchup starts the view of streamURL from its start in a fresh
// session of one tmux server, polls the screen until the last of n
// messages shows, and takes the process's CPU time and peak RSS from /proc
// before ending it. The server is started once, outside the timing.
func viewCatchup(tb testing.TB, bin, streamURL string, n int) func() (usage, error) {
	socket := "dstail-bench-view-" + strconv.Itoa(os.Getpid())
	tmuxpane.New(tb, socket, "keep", "cat") // keeps the server up between rounds
	want := fmt.Sprintf(`{"n":%d,`, n-1)
	round := 0
	return func() (usage, error) {
		round++
		state, err := os.MkdirTemp("", "dstail-bench-state-")
		if err != nil {
			return usage{}, err
		}
		defer os.RemoveAll(state)
		name := "view" + strconv.Itoa(round)
		start := time.Now()
		// Without --once: the view stays up, following, for /proc to be read.
		p := tmuxpane.New(tb, socket, name, "exec "+bin+" --from start --state-dir "+state+" "+streamURL)
		defer p.Run("kill-session", "-t", name)
		pid := strings.TrimSpace(p.Run("display-message", "-p", "-t", name, "#{pane_pid}"))
		var first time.Duration
		for sc := p.Screen(); !strings.Contains(sc, want); sc = p.Screen() {
			if first == 0 && strings.Contains(sc, "messages") {
				first = time.Since(start)
			}
			if time.Since(start) > 2*time.Minute {
				return usage{}, fmt.Errorf("the last message never showed:\n%s", p.Screen())
			}
			time.Sleep(10 * time.Millisecond)
		}
		wall := time.Since(start)
		cpu, rss, err := procUsage(pid)
		return usage{wall: wall, cpu: cpu, maxRSS: rss, first: first}, err
	}
}

// procUsage reads a running process's CPU time (user + system) and peak
// resident set size from /proc.
func procUsage(pid string) (time.Duration, int64, error) {
	stat, err := os.ReadFile("/proc/" + pid + "/stat")
	if err != nil {
		return 0, 0, err
	}
	// The fields after the command name, which is in parentheses: utime
	// and stime are the 12th and 13th of them, in clock ticks (100 a second).
	fields := strings.Fields(string(stat[strings.LastIndexByte(string(stat), ')')+1:]))
	if len(fields) < 13 {
		return 0, 0, fmt.Errorf("/proc/%s/stat: %d fields", pid, len(fields))
	}
	ut, _ := strconv.ParseInt(fields[11], 10, 64)
	st, _ := strconv.ParseInt(fields[12], 10, 64)
	status, err := os.ReadFile("/proc/" + pid + "/status")
	if err != nil {
		return 0, 0, err
	}
	var kib int64
	for _, l := range strings.Split(string(status), "\n") {
		if v, ok := strings.CutPrefix(l, "VmHWM:"); ok {
			kib, _ = strconv.ParseInt(strings.TrimSuffix(strings.TrimSpace(v), " kB"), 10, 64)
		}
	}
	return time.Duration(ut+st) * 10 * time.Millisecond, kib * 1024, nil
}
