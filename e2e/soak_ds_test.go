package e2e

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/internal/faultproxy"
	"github.com/dstail/dstail/internal/soak"
)

// TestSoakDurableStreams follows a live stream of multi-byte messages
// through the fault proxy in many seeded runs. Each run mixes resets at
// random byte counts, 503/429 with Retry-After, cuts inside SSE frames and
// inside UTF-8 sequences, slow drip, half-open connections (SSE runs),
// restarts of the file-backed server and SIGKILLs of dstail, and checks
// that the runs' output together holds every message exactly once, in
// order and intact. See docs/soak.md for the long form.
func TestSoakDurableStreams(t *testing.T) {
	t.Parallel()
	sum := soak.Summary{Restarts: true, Checked: func(messages, repeats int) string {
		return fmt.Sprintf("%d messages exactly once (lost 0, duplicated 0, reordered 0; %d repeated in the SIGKILL window)", messages, repeats)
	}}
	soak.Run(t, "./e2e/", &sum, soakDSRun)
	t.Log(sum.String())
	sum.CheckCoverage(t)
}

// soakDSRun is one seeded run; it returns what happened for the summary.
func soakDSRun(t *testing.T, seed uint64) soak.Result {
	started := time.Now()
	plan := newDSSoakPlan(seed)
	t.Log(plan)
	opts := []dspeer.Option{dspeer.WithDataDir(t.TempDir()), dspeer.WithLongPollTimeout(soakHold)}
	if !plan.compressed {
		opts = append(opts, dspeer.WithoutCompression())
	}
	srv := dspeer.Start(t, opts...)
	const stream = "soak"
	srv.Create(t, stream, plan.contentType)
	w := &soakWriter{srv: srv, stream: stream, contentType: plan.contentType, splitRunes: plan.splitRunes(),
		rng: rand.New(rand.NewPCG(seed, 0x3717e))}
	proxy := startProxy(t, srv, plan.faults())
	args := plan.args(t.TempDir(), proxy.URL()+srv.StreamPath(stream))

	res := soak.Result{Runs: 1}
	runs := []*proc{startDstail(t, t.TempDir(), args...)}
	perRound := soakMessages / soakRounds
	for round, ev := range plan.events {
		if err := w.write(round*perRound, (round+1)*perRound); err != nil {
			t.Fatal(err)
		}
		current := runs[len(runs)-1]
		if current.exited() {
			t.Fatalf("dstail exited (code %d) while the stream was open; stderr:\n%s", current.exitCode, current.stderr.String())
		}
		switch ev {
		case eventKill:
			time.Sleep(time.Duration(plan.rng.IntN(300)) * time.Millisecond)
			current.kill(t)
			runs = append(runs, startDstail(t, t.TempDir(), args...))
			res.Kills++
		case eventRestart:
			w.swap(func(old *dspeer.Server) *dspeer.Server { return restartElsewhere(t, old, stream, proxy, opts) })
			res.Restarts++
		case eventHalfOpen:
			holdHalfOpen(t, proxy)
			res.HalfOpenEvents++
		}
		if err := proxy.SetConfig(plan.faults()); err != nil {
			t.Fatal(err)
		}
	}
	// Faults off for the last stretch, so the run ends in bounded time.
	proxy.Disable()
	w.server().Close(t, stream)
	last := runs[len(runs)-1]
	if code := last.wait(t); code != 0 {
		t.Fatalf("last dstail run: exit %d, want 0; stderr:\n%s", code, last.stderr.String())
	}
	outputs := make([]string, len(runs))
	for i, p := range runs {
		outputs[i] = p.stdout.String()
	}
	outcome, err := checkSoakOutput(strings.SplitN(plan.contentType, ";", 2)[0], outputs, soakMessages)
	if err != nil {
		t.Fatalf("%v\n%s", err, plan)
	}
	res.Messages, res.WindowRepeats = outcome.messages, outcome.windowRepeats
	res.Proxy = proxy.Stats()
	if res.Proxy.HalfOpenLongest > soakIdle+3*time.Second {
		t.Errorf("dstail waited %v on a half-open connection, want about --idle-timeout %v", res.Proxy.HalfOpenLongest, soakIdle)
	}
	res.Wall = time.Since(started)
	t.Logf("%d runs of dstail, %d messages, %d repeats in the kill window, proxy %+v, %v",
		len(runs), res.Messages, res.WindowRepeats, res.Proxy, res.Wall.Round(time.Millisecond))
	return res
}

// restartElsewhere stops the file-backed server and starts it again on the
// same data directory and a new port, then points the proxy at it. A new
// port, because while the old one is free another test's server may take
// it; meanwhile the proxy points nowhere (port 1 refuses), so dstail sees
// refused connections, as with a server that is down.
//
// The restarted server must hold every acknowledged append (same tail), so
// that a failure here names the server rather than dstail.
func restartElsewhere(t *testing.T, old *dspeer.Server, stream string, proxy *faultproxy.Proxy, opts []dspeer.Option) *dspeer.Server {
	t.Helper()
	if err := proxy.SetTarget("127.0.0.1:1"); err != nil {
		t.Fatal(err)
	}
	before := old.Head(t, stream).NextOffset
	old.Stop()
	srv := dspeer.Start(t, opts...)
	if after := srv.Head(t, stream).NextOffset; after != before {
		t.Fatalf("the restarted server has tail %s, %s before the restart", after, before)
	}
	if err := proxy.SetTarget(srv.URL()); err != nil {
		t.Fatal(err)
	}
	return srv
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
	waitFor(t, "dstail to give up on a half-open connection", func() bool { return proxy.Stats().HalfOpenQuits > quits })
}
