package bench

import (
	"bytes"
	"flag"
	"fmt"
	"net/http/httptest"
	"os"
	"os/exec"
	"slices"
	"strconv"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocfake"
)

var (
	openLength = flag.Int("open-messages", 3000, "messages in the long session the session-open benchmark opens")
	openB      = flag.String("open-compare", "", "a second dstail binary to alternate with the first (before/after)")
)

// BenchmarkSessionOpen opens an OpenCode session of 10 messages and one of
// -open-messages with `dstail ID --json --once`, alternated with curl of the
// session's message list (the floor: one request's worth), and reports wall
// time, CPU and dstail's peak RSS at both sizes. The server is the
// in-process fake of internal/ocfake (a generated session): a real OpenCode
// takes far too long to fill with thousands of messages, and its own time
// to build the answer would hide dstail's.
func BenchmarkSessionOpen(b *testing.B) {
	benchSessionOpen(b, "fake OpenCode in process (internal/ocfake)", []int{10, *openLength}, func(b *testing.B, _, n int) (string, string) {
		return serveLongSession(b, n)
	})
}

// benchSessionOpen times the open of a session of each size (the first a
// short one), alternated with curl of its message list; session gives the
// server and the session of the i-th size.
func benchSessionOpen(b *testing.B, server string, sizes []int, session func(b *testing.B, i, n int) (url, id string)) {
	bin := dstailBinary(b)
	curl := lookTool(b, "curl")
	var rss []int64
	for i, n := range sizes {
		b.Run(strconv.Itoa(n), func(b *testing.B) {
			url, id := session(b, i, n)
			checkSessionOpen(b, bin, url, id, n)
			cs := []contender{
				{"dstail --json --once", dstailOpen(b, bin, url, id)},
				{"curl message list", curlMessages(curl, url, id)},
				// What asking the server for gzip costs (a real OpenCode
				// compresses the list when asked; dstail does not ask on
				// loopback).
				{"dstail --compress always", dstailOpen(b, bin, url, id, "--compress", "always")},
			}
			if *openB != "" {
				cs = append(cs, contender{"B: " + *openB + " --json --once", dstailOpen(b, *openB, url, id)})
			}
			for range b.N {
				res, err := alternate(*rounds, cs)
				if err != nil {
					b.Fatal(err)
				}
				reportOpen(b, n, server, res, cs)
				rss = append(rss, res.rss(cs[0].name))
			}
		})
	}
	if len(rss) == 2 {
		fmt.Fprintf(os.Stdout, "\ndstail peak RSS, %d messages / %d messages: %.2fx\n", sizes[1], sizes[0], ratio(rss[1], rss[0]))
	}
}

// serveLongSession serves a generated session of n messages on loopback.
func serveLongSession(tb testing.TB, n int) (url, id string) {
	tb.Helper()
	fake := ocfake.NewLong(tb, n)
	srv := httptest.NewServer(fake)
	tb.Cleanup(srv.Close)
	tb.Logf("fake OpenCode (internal/ocfake), %d messages, %d bytes of message list", n, len(fake.Messages))
	return srv.URL, fake.ID
}

// dstailOpen runs `dstail ID --json --once` with stdout on /dev/null, with
// extra flags if any.
func dstailOpen(tb testing.TB, bin, server, id string, extra ...string) func() (usage, error) {
	null := devNull(tb)
	return func() (usage, error) {
		args := append([]string{id, "--server", server, "--json", "--once", "--no-save"}, extra...)
		return measureDstail(exec.Command(bin, args...), null)
	}
}

// curlMessages reads GET /session/ID/message with the body on /dev/null.
func curlMessages(curl, server, id string) func() (usage, error) {
	return func() (usage, error) {
		u, err := measure(exec.Command(curl, "-sS", "--fail", "-o", os.DevNull, server+"/session/"+id+"/message"))
		if err != nil {
			return u, fmt.Errorf("curl: %w", err)
		}
		return u, nil
	}
}

// checkSessionOpen proves the timed runs print the whole session: one
// message.updated record per message.
func checkSessionOpen(tb testing.TB, bin, server, id string, n int) {
	tb.Helper()
	cmd := exec.Command(bin, id, "--server", server, "--json", "--once", "--no-save")
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("bench: dstail: %v: %s", err, stderr.String())
	}
	if got := bytes.Count(out, []byte(`"type":"message.updated"`)); got != n {
		tb.Fatalf("dstail printed %d message.updated records, want %d", got, n)
	}
}

func reportOpen(b *testing.B, n int, server string, res samples, cs []contender) {
	rows := [][]string{{"reader", "wall (median)", "spread (min-max)", "vs curl", "CPU", "peak RSS"}}
	for _, c := range cs {
		walls := pick(res[c.name], func(u usage) time.Duration { return u.wall })
		rows = append(rows, []string{c.name, ms(res.wall(c.name)),
			ms(slices.Min(walls)) + " - " + ms(slices.Max(walls)),
			fmt.Sprintf("%.2fx", ratio(res.wall(c.name), res.wall(cs[1].name))),
			ms(res.cpu(c.name)), mib(res.rss(c.name))})
	}
	fmt.Fprintf(os.Stdout, "\nsession open, %d messages, %s, %d rounds (medians), load average %s\n", n, server, *rounds, loadAverage())
	table(os.Stdout, rows)
	b.ReportMetric(ratio(res.wall(cs[0].name), res.wall(cs[1].name)), "dstail/curl")
	b.ReportMetric(float64(res.rss(cs[0].name))/(1<<20), "dstail-MiB")
}
