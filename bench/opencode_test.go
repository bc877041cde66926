package bench

import (
	"bufio"
	"bytes"
	"cmp"
	"encoding/json"
	"flag"
	"fmt"
	"io"
	"os"
	"os/exec"
	"slices"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
)

var (
	ocTokens  = flag.Int("oc-tokens", 20_000, "tokens the mock LLM streams per answer")
	ocRounds  = flag.Int("oc-rounds", 3, "answers streamed in the OpenCode benchmark")
	ocCompare = flag.String("oc-compare", "", "a second dstail binary to alternate with the first (before/after)")
)

// eventTimes records when each server event id reached a reader.
type eventTimes struct {
	mu     sync.Mutex
	at     map[string]time.Time
	deltas []string // ids of message.part.delta events, in arrival order
	lines  int      // every line read, events without an id included
	last   string   // id of the latest event with an id
}

func newEventTimes() *eventTimes { return &eventTimes{at: map[string]time.Time{}} }

func (e *eventTimes) add(id, typ string, t time.Time) {
	e.mu.Lock()
	defer e.mu.Unlock()
	e.lines++
	if _, seen := e.at[id]; seen || id == "" {
		return
	}
	e.at[id] = t
	e.last = id
	if typ == "message.part.delta" {
		e.deltas = append(e.deltas, id)
	}
}

func (e *eventTimes) get(id string) (time.Time, bool) {
	e.mu.Lock()
	defer e.mu.Unlock()
	t, ok := e.at[id]
	return t, ok
}

func (e *eventTimes) lineCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return e.lines
}

func (e *eventTimes) deltaCount() int {
	e.mu.Lock()
	defer e.mu.Unlock()
	return len(e.deltas)
}

// readEvents timestamps each event line of r; decode returns its id and type.
func readEvents(r io.Reader, e *eventTimes, decode func([]byte) (id, typ string)) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 64<<10), 64<<20)
	for sc.Scan() {
		at := time.Now()
		id, typ := decode(sc.Bytes())
		e.add(id, typ, at)
	}
}

func dstailEvent(line []byte) (string, string) {
	var ev struct{ ID, Type string }
	if json.Unmarshal(line, &ev) != nil {
		return "", ""
	}
	return ev.ID, ev.Type
}

func globalEvent(line []byte) (string, string) {
	data, ok := bytes.CutPrefix(line, []byte("data:"))
	if !ok {
		return "", ""
	}
	var ev struct{ Payload struct{ ID, Type string } }
	if json.Unmarshal(data, &ev) != nil {
		return "", ""
	}
	return ev.Payload.ID, ev.Payload.Type
}

// BenchmarkOpenCode has the mock LLM stream an answer of -oc-tokens tokens
// as fast as it can through a real OpenCode, followed by curl -N on
// /global/event (the floor) and by `dstail ID --json --until-idle`. It
// reports how far dstail is behind curl on the answer's last delta (curl
// connected with dstail, and the long-lived one) and on the last event it
// prints, how the lag built up, and dstail's CPU time for the whole answer
// and per event printed. With -oc-compare (or DSTAIL_BENCH_BIN_B) a second
// binary streams an answer in every round too, in alternated order, for a
// before/after on the same server.
func BenchmarkOpenCode(b *testing.B) {
	curl := lookTool(b, "curl")
	runs := []*ocRuns{{name: "dstail", bin: dstailBinary(b), curl: curl}}
	if other := cmp.Or(*ocCompare, os.Getenv("DSTAIL_BENCH_BIN_B")); other != "" {
		runs[0].name = "A " + runs[0].bin
		runs = append(runs, &ocRuns{name: "B " + other, bin: other, curl: curl})
	}
	s := ocpeer.Start(b, ocpeer.WithMockConfig(ocpeer.MockConfig{BigTokens: *ocTokens}))
	s.Warmup(b, "")
	floor := newEventTimes()
	curlCmd := exec.Command(curl, "-sSN", s.URL()+"/global/event")
	startReader(b, curlCmd, floor, globalEvent)

	for range b.N {
		for round := range *ocRounds {
			order := slices.Clone(runs)
			if round%2 == 1 {
				slices.Reverse(order)
			}
			for _, r := range order {
				r.answer(b, s, floor)
				fmt.Fprintf(os.Stdout, "round %d, %s: dstail behind curl by %s at the last delta, %s at its last event; CPU %s, %.1f µs per event\n",
					round+1, r.name, ms(r.deltaLag[len(r.deltaLag)-1]), ms(r.endLag[len(r.endLag)-1]), ms(r.cpus[len(r.cpus)-1]), r.perEvent[len(r.perEvent)-1])
			}
		}
	}
	fmt.Fprintf(os.Stdout, "\nOpenCode, %d tokens as fast as the mock can, %d answers each (medians, min-max)\n", *ocTokens, *ocRounds)
	rows := [][]string{{"figure"}}
	for _, r := range runs {
		rows[0] = append(rows[0], r.name)
	}
	add := func(figure string, cell func(r *ocRuns) string) {
		row := []string{figure}
		for _, r := range runs {
			row = append(row, cell(r))
		}
		rows = append(rows, row)
	}
	add("lag behind a curl connected with it, last delta", func(r *ocRuns) string { return spreadMs(r.pairLag) })
	add("  of it gained over the answer (first to last delta)", func(r *ocRuns) string { return spreadMs(r.burstLag) })
	add("lag behind the long-lived curl, last delta", func(r *ocRuns) string { return spreadMs(r.deltaLag) })
	add("lag behind curl, last event (turn over)", func(r *ocRuns) string { return spreadMs(r.endLag) })
	add("CPU (user+sys) per answer", func(r *ocRuns) string { return spreadMs(r.cpus) })
	add("CPU per event printed", func(r *ocRuns) string {
		return fmt.Sprintf("%.1f µs (%.1f-%.1f)", median(r.perEvent), slices.Min(r.perEvent), slices.Max(r.perEvent))
	})
	add("run (start to --until-idle exit)", func(r *ocRuns) string { return spreadMs(r.walls) })
	table(os.Stdout, rows)
	b.ReportMetric(float64(median(runs[0].pairLag))/1e6, "lag-ms")
	b.ReportMetric(float64(median(runs[0].cpus))/1e6, "cpu-ms")
	b.ReportMetric(median(runs[0].perEvent), "cpu-us/event")
}

// ocRuns are one binary's answers in BenchmarkOpenCode.
type ocRuns struct {
	name, bin, curl               string
	fresh                         *eventTimes // the curl started with the latest answer
	deltaLag, endLag, cpus, walls []time.Duration
	// pairLag is dstail's lag at the last delta behind a curl connected
	// at the same time: the server serves a new connection later than the
	// long-lived one (by up to a second under load), whoever reads it.
	pairLag []time.Duration
	// burstLag is how much further dstail fell behind that curl from the
	// first delta to the last: its lag at the last delta without the
	// offset the server gave its connection from the start.
	burstLag []time.Duration
	perEvent []float64 // CPU µs per line printed
}

// answer follows a new session with the binary while the mock streams one
// answer into it. On a loaded machine the server may take longer to turn
// busy than --until-idle waits for a session seen idle (2 s): dstail then
// ends before the answer, and the answer is streamed again.
func (r *ocRuns) answer(b *testing.B, s *ocpeer.Server, floor *eventTimes) {
	for try := 1; ; try++ {
		seen, ok := r.try(b, s)
		if !ok && try < 3 {
			fmt.Fprintf(os.Stdout, "  %s: ended before the answer began (server slow to turn busy); again\n", r.name)
			waitFor(b, "the server to finish that answer", func() bool { return len(s.Status(b, s.Dir())) == 0 })
			continue
		}
		delta, end := endLags(b, floor, seen)
		r.deltaLag, r.endLag = append(r.deltaLag, delta), append(r.endLag, end)
		fmt.Fprintf(os.Stdout, "  %s: %s\n", r.name, lagTrace(b, floor, seen))
		seen.mu.Lock()
		ids := []string{seen.deltas[0], seen.deltas[len(seen.deltas)-1]}
		seen.mu.Unlock()
		freshFirst, freshLast := lagOf(b, floor, r.fresh, ids[0]), lagOf(b, floor, r.fresh, ids[1])
		first := lagOf(b, floor, seen, ids[0])
		r.pairLag = append(r.pairLag, delta-freshLast)
		r.burstLag = append(r.burstLag, (delta-first)-(freshLast-freshFirst))
		fmt.Fprintf(os.Stdout, "  a curl connected with it: lag at the first delta %s, at the last %s; dstail behind it at the first delta: %s, at the last: %s\n",
			ms(freshFirst), ms(freshLast), ms(first-freshFirst), ms(delta-freshLast))
		return
	}
}

// try runs the binary on a new session for one answer; false when it
// printed no delta.
func (r *ocRuns) try(b *testing.B, s *ocpeer.Server) (*eventTimes, bool) {
	id := s.CreateSession(b, "")
	seen := newEventTimes()
	// A second curl connected with dstail: how late a connection as new as
	// dstail's gets the events, whatever reads them.
	r.fresh = newEventTimes()
	fresh := exec.Command(r.curl, "-sSN", s.URL()+"/global/event")
	stopFresh := startReader(b, fresh, r.fresh, globalEvent)
	cmd := exec.Command(r.bin, id, "--server", s.URL(), "--json", "--until-idle", "--no-save")
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	start := time.Now()
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() { readEvents(out, seen, dstailEvent); close(done) }()
	waitFor(b, "dstail's initial session state", func() bool { return seen.lineCount() > 0 })
	s.Prompt(b, id, ocpeer.Tag(ocpeer.ScnBig)+" stream")
	<-done
	if err := cmd.Wait(); err != nil {
		b.Fatalf("dstail: %v: %s", err, stderr.String())
	}
	wall := time.Since(start)
	cpu := cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	if seen.deltaCount() == 0 {
		stopFresh()
		return seen, false
	}
	seen.mu.Lock()
	lastID := seen.deltas[len(seen.deltas)-1]
	seen.mu.Unlock()
	waitFor(b, "the second curl to see the last delta", func() bool { _, ok := r.fresh.get(lastID); return ok })
	stopFresh()
	r.walls = append(r.walls, wall)
	r.cpus = append(r.cpus, cpu)
	r.perEvent = append(r.perEvent, float64(cpu.Microseconds())/float64(seen.lineCount()))
	return seen, true
}

func spreadMs(xs []time.Duration) string {
	return fmt.Sprintf("%s (%s-%s)", ms(median(xs)), ms(slices.Min(xs)), ms(slices.Max(xs)))
}

// endLags compares when the answer's last delta and the last event dstail
// printed before --until-idle ended it reached dstail and curl.
func endLags(b *testing.B, floor, seen *eventTimes) (lastDelta, lastEvent time.Duration) {
	seen.mu.Lock()
	ids, lastID := append([]string(nil), seen.deltas...), seen.last
	seen.mu.Unlock()
	if len(ids) != *ocTokens {
		b.Fatalf("dstail printed %d message.part.delta events, want one per token (%d)", len(ids), *ocTokens)
	}
	return lagOf(b, floor, seen, ids[len(ids)-1]), lagOf(b, floor, seen, lastID)
}

// lagTrace says how the lag built up: curl's time from the first to the
// last delta, and dstail's lag at the first delta and at each quarter.
func lagTrace(b *testing.B, floor, seen *eventTimes) string {
	seen.mu.Lock()
	ids := append([]string(nil), seen.deltas...)
	seen.mu.Unlock()
	first, _ := floor.get(ids[0])
	last, _ := floor.get(ids[len(ids)-1])
	out := fmt.Sprintf("curl saw the deltas over %s; lag at deltas 1, 1/4, 1/2, 3/4, all:", ms(last.Sub(first)))
	for _, at := range []int{0, len(ids) / 4, len(ids) / 2, 3 * len(ids) / 4, len(ids) - 1} {
		out += " " + ms(lagOf(b, floor, seen, ids[at]))
	}
	return out
}

func lagOf(b *testing.B, floor, seen *eventTimes, id string) time.Duration {
	var ft time.Time
	waitFor(b, "curl to see "+id, func() bool {
		var ok bool
		ft, ok = floor.get(id)
		return ok
	})
	st, _ := seen.get(id)
	return st.Sub(ft)
}

// startReader starts cmd and timestamps its events until the returned
// stop (also run at cleanup) kills it.
func startReader(b *testing.B, cmd *exec.Cmd, e *eventTimes, decode func([]byte) (string, string)) (stop func()) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() { readEvents(out, e, decode); close(done) }()
	stop = sync.OnceFunc(func() {
		cmd.Process.Kill()
		<-done
		cmd.Wait()
	})
	b.Cleanup(stop)
	return stop
}

func waitFor(b *testing.B, what string, cond func() bool) {
	deadline := time.Now().Add(60 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			b.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(10 * time.Millisecond)
	}
}
