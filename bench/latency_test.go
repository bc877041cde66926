package bench

import (
	"bufio"
	"bytes"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

var (
	latencyRate     = flag.Int("latency-rate", 200, "messages appended per second in the latency benchmark")
	latencyMessages = flag.Int("latency-messages", 1000, "messages per latency round")
	latencyRounds   = flag.Int("latency-rounds", 3, "latency rounds")
)

// stamped is the payload of a latency probe: its number and send time.
type stamped struct {
	N    int   `json:"n"`
	Sent int64 `json:"sent"` // unix nanoseconds, taken right before the append
}

// arrivals records when each probe reached one reader's stdout.
type arrivals struct {
	mu   sync.Mutex
	late map[int]time.Duration
}

func (a *arrivals) add(p stamped, at time.Time) {
	a.mu.Lock()
	defer a.mu.Unlock()
	if _, seen := a.late[p.N]; !seen {
		a.late[p.N] = at.Sub(time.Unix(0, p.Sent))
	}
}

func (a *arrivals) count(from int) int {
	a.mu.Lock()
	defer a.mu.Unlock()
	n := 0
	for k := range a.late {
		if k >= from {
			n++
		}
	}
	return n
}

// since returns the latencies of probes numbered from on.
func (a *arrivals) since(from int) []time.Duration {
	a.mu.Lock()
	defer a.mu.Unlock()
	var out []time.Duration
	for k, d := range a.late {
		if k >= from {
			out = append(out, d)
		}
	}
	return out
}

// readProbes timestamps every probe found in r's lines; decode pulls the
// payload out of one line (nil when the line carries none).
func readProbes(r io.Reader, a *arrivals, decode func([]byte) []byte) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 1<<20)
	for sc.Scan() {
		at := time.Now()
		raw := decode(sc.Bytes())
		if raw == nil {
			continue
		}
		var p stamped
		if json.Unmarshal(raw, &p) == nil && p.Sent > 0 {
			a.add(p, at)
		}
	}
}

// dstailPayload is the data field of a dstail --json record.
func dstailPayload(line []byte) []byte {
	var rec struct {
		Data json.RawMessage `json:"data"`
	}
	if json.Unmarshal(line, &rec) != nil {
		return nil
	}
	return rec.Data
}

// ssePayload is the message in an SSE data line of a JSON stream, which the
// server sends as a one-element array.
func ssePayload(line []byte) []byte {
	data, ok := bytes.CutPrefix(line, []byte("data:"))
	if !ok {
		return nil
	}
	var arr []json.RawMessage
	if json.Unmarshal(data, &arr) != nil || len(arr) != 1 {
		return nil
	}
	return arr[0]
}

// BenchmarkLatency appends probes at a steady rate and times their arrival
// on dstail's stdout and on curl -N of the SSE URL, both following the
// stream at once.
func BenchmarkLatency(b *testing.B) {
	bin := dstailBinary(b)
	curl := lookTool(b, "curl")
	s := dspeer.Start(b)
	url := s.StreamURL("latency")
	s.Create(b, "latency", "application/json")

	dstail, curlA := &arrivals{late: map[int]time.Duration{}}, &arrivals{late: map[int]time.Duration{}}
	follow(b, exec.Command(bin, "--json", "--no-save", "--from", "now", url), dstail, dstailPayload)
	follow(b, exec.Command(curl, "-sSN", url+"?offset=now&live=sse"), curlA, ssePayload)

	// Both followers must be live before the timed probes: send warm-up
	// probes until each has seen one.
	next := 0
	for deadline := time.Now().Add(30 * time.Second); dstail.count(0) == 0 || curlA.count(0) == 0; next++ {
		if time.Now().After(deadline) {
			b.Fatal("followers did not receive the warm-up probes within 30 s")
		}
		appendProbe(b, s, next)
		time.Sleep(100 * time.Millisecond)
	}
	var p50s, p99s [2][]time.Duration
	for range b.N {
		for round := range *latencyRounds {
			from := next
			next = sendProbes(b, s, from, *latencyMessages, *latencyRate)
			waitAll(b, from, next-from, dstail, curlA)
			for i, a := range []*arrivals{dstail, curlA} {
				p50s[i] = append(p50s[i], percentile(a.since(from), 50))
				p99s[i] = append(p99s[i], percentile(a.since(from), 99))
			}
			fmt.Fprintf(os.Stdout, "round %d: dstail p50 %s p99 %s | curl -N p50 %s p99 %s\n", round+1,
				ms(p50s[0][round]), ms(p99s[0][round]), ms(p50s[1][round]), ms(p99s[1][round]))
		}
	}
	fmt.Fprintf(os.Stdout, "\nlive latency, %d msg/s, %d rounds of %d (median of the rounds' percentiles)\n",
		*latencyRate, *latencyRounds, *latencyMessages)
	table(os.Stdout, [][]string{
		{"reader", "p50", "p99"},
		{"dstail (SSE)", ms(median(p50s[0])), ms(median(p99s[0]))},
		{"curl -N (SSE)", ms(median(p50s[1])), ms(median(p99s[1]))},
	})
	fmt.Fprintf(os.Stdout, "p99 difference dstail - curl: %s\n", ms(median(p99s[0])-median(p99s[1])))
	b.ReportMetric(float64(median(p99s[0])-median(p99s[1]))/1e6, "p99-diff-ms")
}

// follow starts a long-running reader whose stdout carries the probes; it is
// stopped when the benchmark ends.
func follow(b *testing.B, cmd *exec.Cmd, a *arrivals, decode func([]byte) []byte) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() { readProbes(out, a, decode); close(done) }()
	b.Cleanup(func() {
		cmd.Process.Kill()
		<-done
		cmd.Wait()
	})
}

func appendProbe(b *testing.B, s *dspeer.Server, n int) {
	body, _ := json.Marshal(stamped{N: n, Sent: time.Now().UnixNano()})
	if _, err := s.TryAppend("latency", body); err != nil {
		b.Fatal(err)
	}
}

// sendProbes appends count probes at rate per second, numbered from from,
// and returns the next free number.
func sendProbes(b *testing.B, s *dspeer.Server, from, count, rate int) int {
	tick := time.NewTicker(time.Second / time.Duration(rate))
	defer tick.Stop()
	for i := range count {
		appendProbe(b, s, from+i)
		<-tick.C
	}
	return from + count
}

func waitAll(b *testing.B, from, count int, as ...*arrivals) {
	deadline := time.Now().Add(30 * time.Second)
	for _, a := range as {
		for a.count(from) < count {
			if time.Now().After(deadline) {
				b.Fatalf("only %d of %d probes arrived within 30 s", a.count(from), count)
			}
			time.Sleep(20 * time.Millisecond)
		}
	}
}
