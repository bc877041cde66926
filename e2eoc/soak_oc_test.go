package e2eoc

import (
	"fmt"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/faultproxy"
	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/internal/soak"
	"github.com/dstail/dstail/reconcile"
)

// TestSoakOpenCode follows sessions of the real OpenCode through the fault
// proxy in many seeded runs, each with two streamed turns of multi-byte
// text. Faults: resets at random byte counts, 503/429 with Retry-After,
// cuts inside SSE frames and inside UTF-8 sequences, slow drip, half-open
// connections and SIGKILLs of dstail. The runs' output together must fold
// to the server's final state with no event id printed twice. See
// docs/soak.md for the long form.
func TestSoakOpenCode(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	scriptSoak(s)
	sum := soak.Summary{Checked: func(lines, repeats int) string {
		return fmt.Sprintf("%d lines folded to the server's state, no event id twice (%d repeated in the SIGKILL window)", lines, repeats)
	}}
	soak.Run(t, "./e2eoc/", &sum, func(t *testing.T, seed uint64) soak.Result { return soakOCRun(t, s, seed) })
	t.Log(sum.String())
	sum.CheckCoverage(t)
}

func soakOCRun(t *testing.T, s *ocpeer.Server, seed uint64) soak.Result {
	started := time.Now()
	plan := newOCSoakPlan(seed)
	t.Log(plan)
	id := s.CreateSession(t, "")
	proxy, err := faultproxy.New(s.URL(), plan.faults())
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = proxy.Close() })
	args := []string{id, "--server", proxy.URL(), "--json", "--idle-timeout", soakIdle.String(), "--state-dir", t.TempDir()}

	res := soak.Result{}
	runs := []*proc{startDstail(t, nil, args...)}
	runs[0].waitOutput(t, "initial state", turnLimit, hasType(reconcile.TypeSessionStatus))
	kill := func() {
		runs[len(runs)-1].kill(t)
		runs = append(runs, startDstail(t, nil, args...))
		res.Kills++
	}
	for turn, ev := range plan.events {
		s.Prompt(t, id, fmt.Sprintf("%s turn %d of seed %d", ocpeer.Tag(soakScenario), turn+1, seed))
		time.Sleep(time.Duration(300+plan.rng.IntN(1200)) * time.Millisecond)
		switch {
		case ev == eventKill:
			kill()
		case ev == eventHalfOpen:
			holdHalfOpen(t, proxy)
			res.HalfOpenEvents++
		}
		if err := proxy.SetConfig(plan.faults()); err != nil {
			t.Fatal(err)
		}
		s.WaitIdle(t, id, turnLimit)
	}
	// Faults off for the last stretch, so the run ends in bounded time.
	proxy.Disable()
	last := runs[len(runs)-1]
	outputs := func() []string {
		out := make([]string, len(runs))
		for i, p := range runs {
			out[i] = completeLines(p.stdout.String())
		}
		return out
	}
	waitFoldedToServer(t, s, id, outputs)
	if err := last.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	if code := last.wait(t, 20*time.Second); code != 143 {
		t.Fatalf("last dstail run: exit %d after SIGTERM, want 143", code)
	}

	perRun := make([][]jsonLine, len(runs))
	var all []jsonLine
	for i, out := range outputs() {
		perRun[i] = parseLines(t, id, out)
		all = append(all, perRun[i]...)
	}
	msgs := assertFoldEqualsServer(t, s, id, all)
	assertTexts(t, msgs, []string{soakAnswer})
	if st := fold(id, all).Stats(); st.Malformed > 0 {
		t.Errorf("the model rejected %d lines as malformed", st.Malformed)
	}
	repeats, err := checkIDsOnce(perRun)
	if err != nil {
		t.Fatalf("%v\n%s", err, plan)
	}
	res.Runs, res.Messages, res.WindowRepeats = len(runs), len(all), repeats
	res.Proxy, res.Wall = proxy.Stats(), time.Since(started)
	if res.Proxy.HalfOpenLongest > soakIdle+3*time.Second {
		t.Errorf("dstail waited %v on a half-open connection, want about --idle-timeout %v", res.Proxy.HalfOpenLongest, soakIdle)
	}
	t.Logf("%d runs of dstail, %d lines, %d repeats in the kill window, proxy %+v, %v",
		len(runs), len(all), repeats, res.Proxy, res.Wall.Round(time.Millisecond))
	return res
}

// waitFoldedToServer waits until the runs' output folds to the server's
// messages: the last run has caught up after the faults stopped.
func waitFoldedToServer(t *testing.T, s *ocpeer.Server, id string, outputs func() []string) {
	t.Helper()
	want, err := reconcile.MessagesFromREST(s.Messages(t, id))
	if err != nil {
		t.Fatal(err)
	}
	deadline := time.Now().Add(turnLimit)
	for {
		m := reconcile.New(id)
		for _, out := range outputs() {
			for _, l := range parseLines(t, id, out) {
				m.Apply(l.event())
			}
		}
		diffs := reconcile.CompareMessages(m.Messages(), want)
		if len(diffs) == 0 {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("output does not fold to the server's state %v after the faults stopped:\n%s", turnLimit, strings.Join(diffs, "\n"))
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// holdHalfOpen makes every new connection half-open, drops the open ones,
// and waits until dstail gave up on a silent connection by itself.
func holdHalfOpen(t *testing.T, proxy *faultproxy.Proxy) {
	t.Helper()
	quits := proxy.Stats().HalfOpenQuits
	if err := proxy.SetConfig(faultproxy.Config{HalfOpen: faultproxy.HalfOpenFault{Rate: 1}}); err != nil {
		t.Fatal(err)
	}
	proxy.Interrupt()
	deadline := time.Now().Add(soakIdle + 20*time.Second)
	for proxy.Stats().HalfOpenQuits <= quits {
		if time.Now().After(deadline) {
			t.Fatalf("dstail did not give up on a half-open connection within %v", soakIdle+20*time.Second)
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// checkIDsOnce checks that no event id was printed twice across the runs.
// The one repeat allowed is the SIGKILL window (a batch on stdout whose
// position had not reached the journal): a run may begin by repeating the
// last ids its killed predecessor printed. It returns how many it found.
func checkIDsOnce(runs [][]jsonLine) (int, error) {
	seen := map[string]int{} // id -> run that printed it
	repeats := 0
	for i, lines := range runs {
		var leading []string
		for k, l := range lines {
			if l.ID == "" {
				continue // rebuilt from REST state: no id to repeat
			}
			if r, dup := seen[l.ID]; dup {
				if r == i-1 && len(leading) == k-idless(lines[:k]) {
					leading = append(leading, l.ID)
					continue
				}
				return repeats, fmt.Errorf("run %d, line %d: event %s (%s) printed again; run %d printed it first", i+1, k+1, l.ID, l.Type, r+1)
			}
			seen[l.ID] = i
		}
		if len(leading) > 0 {
			prev := ids(runs[i-1])
			if len(prev) < len(leading) || strings.Join(prev[len(prev)-len(leading):], ",") != strings.Join(leading, ",") {
				return repeats, fmt.Errorf("run %d repeats events %v that are not the end of run %d", i+1, leading, i)
			}
			repeats += len(leading)
		}
	}
	return repeats, nil
}

func ids(lines []jsonLine) []string {
	var out []string
	for _, l := range lines {
		if l.ID != "" {
			out = append(out, l.ID)
		}
	}
	return out
}

func idless(lines []jsonLine) int { return len(lines) - len(ids(lines)) }
