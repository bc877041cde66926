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

	"github.com/dstail/dstail/internal/ocpeer"
)

var (
	ocTokens = flag.Int("oc-tokens", 20_000, "tokens the mock LLM streams per answer")
	ocRounds = flag.Int("oc-rounds", 3, "answers streamed in the OpenCode benchmark")
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
// reports how far dstail is behind curl on the answer's last delta and on
// the last event it prints, and dstail's CPU time for the whole answer.
func BenchmarkOpenCode(b *testing.B) {
	bin := dstailBinary(b)
	curl := lookTool(b, "curl")
	s := ocpeer.Start(b, ocpeer.WithMockConfig(ocpeer.MockConfig{BigTokens: *ocTokens}))
	s.Warmup(b, "")
	floor := newEventTimes()
	curlCmd := exec.Command(curl, "-sSN", s.URL()+"/global/event")
	startReader(b, curlCmd, floor, globalEvent)

	var deltaLag, endLag, cpus, walls []time.Duration
	var deltas int
	for range b.N {
		for round := range *ocRounds {
			id := s.CreateSession(b, "")
			seen := newEventTimes()
			cmd := exec.Command(bin, id, "--server", s.URL(), "--json", "--until-idle", "--no-save")
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
			walls = append(walls, time.Since(start))
			cpus = append(cpus, cmd.ProcessState.UserTime()+cmd.ProcessState.SystemTime())
			deltas = seen.deltaCount()
			delta, end := endLags(b, floor, seen)
			deltaLag, endLag = append(deltaLag, delta), append(endLag, end)
			fmt.Fprintf(os.Stdout, "round %d: %d deltas, dstail behind curl by %s at the last delta, %s at its last event; dstail CPU %s\n",
				round+1, deltas, ms(delta), ms(end), ms(cpus[len(cpus)-1]))
		}
	}
	fmt.Fprintf(os.Stdout, "\nOpenCode, %d tokens as fast as the mock can, %d answers (medians)\n", *ocTokens, *ocRounds)
	table(os.Stdout, [][]string{
		{"figure", "median"},
		{"dstail lag behind curl, last delta", ms(median(deltaLag))},
		{"dstail lag behind curl, last event (turn over)", ms(median(endLag))},
		{"dstail CPU (user+sys) per answer", ms(median(cpus))},
		{"dstail run (start to --until-idle exit)", ms(median(walls))},
	})
	b.ReportMetric(float64(median(deltaLag))/1e6, "lag-ms")
	b.ReportMetric(float64(median(cpus))/1e6, "cpu-ms")
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

func startReader(b *testing.B, cmd *exec.Cmd, e *eventTimes, decode func([]byte) (string, string)) {
	out, err := cmd.StdoutPipe()
	if err != nil {
		b.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		b.Fatal(err)
	}
	done := make(chan struct{})
	go func() { readEvents(out, e, decode); close(done) }()
	b.Cleanup(func() {
		cmd.Process.Kill()
		<-done
		cmd.Wait()
	})
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
