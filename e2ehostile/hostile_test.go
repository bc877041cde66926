// Package e2ehostile runs the dstail binary, built as users get it, against
// the hostile servers of internal/hostile and asserts bounds read from
// /proc: peak resident set (VmHWM), CPU time, bytes written.
package e2ehostile

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/hostile"
	"github.com/dstail/dstail/internal/testbin"
)

var dstailBin string

func TestMain(m *testing.M) {
	bin, cleanup, err := testbin.BuildPlain("dstail-hostile-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2ehostile:", err)
		os.Exit(1)
	}
	dstailBin = bin
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// limits every hostile case must keep with default flags.
const (
	maxRSS     = 256 << 20
	maxCPUPart = 0.05 // of one core
)

// run is one dstail run against a hostile server: what it wrote, how it
// ended, and what it cost.
type run struct {
	stdout, stderr string
	exited         bool // by itself, before the window closed
	err            error
	peakRSS        int64
	cpu            time.Duration // user + system time of the child
	wall           time.Duration
}

// runFor starts dstail with args and stops it after window unless it ends
// first.
func runFor(t *testing.T, window time.Duration, args ...string) run {
	t.Helper()
	return runWith(t, window, nil, args...)
}

// runWith is runFor that calls during with the child's pid once it runs;
// the window counts from the start.
func runWith(t *testing.T, window time.Duration, during func(pid int), args ...string) run {
	t.Helper()
	cmd := exec.Command(dstailBin, append([]string{"--no-save", "--plain"}, args...)...)
	var out, errb bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	peak := testbin.WatchPeakRSS(cmd.Process.Pid, stop)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	started := time.Now()
	if during != nil {
		during(cmd.Process.Pid)
		window = time.Since(started) // what during watched is all there is to see
	}
	var r run
	var cpu time.Duration
	select {
	case r.err = <-done:
		r.exited = true
	case <-time.After(window - time.Since(started)):
		cpu = cpuTime(t, cmd.Process.Pid)
		_ = cmd.Process.Kill()
		<-done
	}
	r.wall = time.Since(started)
	close(stop)
	r.peakRSS = <-peak
	if r.exited {
		cpu = cmd.ProcessState.UserTime() + cmd.ProcessState.SystemTime()
	}
	r.cpu, r.stdout, r.stderr = cpu, out.String(), errb.String()
	return r
}

// cpuTime is utime+stime of pid from /proc/PID/stat.
func cpuTime(t *testing.T, pid int) time.Duration {
	data, err := os.ReadFile("/proc/" + strconv.Itoa(pid) + "/stat")
	if err != nil {
		t.Fatalf("reading the CPU time of dstail: %v", err)
	}
	f := strings.Fields(string(data[bytes.LastIndexByte(data, ')')+2:]))
	ut, _ := strconv.ParseInt(f[11], 10, 64)
	st, _ := strconv.ParseInt(f[12], 10, 64)
	return time.Duration(ut+st) * time.Second / 100 // USER_HZ is 100 on Linux
}

func (r run) check(t *testing.T) {
	t.Helper()
	t.Logf("peak RSS %d MiB, CPU %s in %s, stderr %d bytes", r.peakRSS>>20, r.cpu, r.wall.Round(time.Millisecond), len(r.stderr))
	if r.peakRSS > maxRSS {
		t.Errorf("peak RSS %d MiB, want under %d MiB", r.peakRSS>>20, maxRSS>>20)
	}
	if !r.exited {
		if part := float64(r.cpu) / float64(r.wall); part > maxCPUPart {
			t.Errorf("CPU %s in %s (%.0f%% of a core), want under %.0f%%", r.cpu, r.wall, 100*part, 100*maxCPUPart)
		}
	}
	if len(r.stderr) > 4096 {
		t.Errorf("%d bytes on stderr, want a few lines: %.300q", len(r.stderr), r.stderr)
	}
}

// Data events that never commit are held up to --max-buffer, then the run
// ends with one line; plain or inflated from a gzip bomb alike.
func TestDataEventsWithoutControl(t *testing.T) {
	for name, mode := range map[string]hostile.Mode{"plain": hostile.NeverControl, "gzip bomb": hostile.GzipBomb} {
		t.Run(name, func(t *testing.T) {
			srv := hostile.Start(mode)
			defer srv.Close()
			r := runFor(t, 60*time.Second, srv.URL+"/s")
			r.check(t)
			if !r.exited || !strings.Contains(r.stderr, "without a control event") || strings.Count(r.stderr, "\n") != 1 {
				t.Errorf("exited %v (%v), stderr %q; want one line about the missing control event", r.exited, r.err, r.stderr)
			}
		})
	}
}

// A server answering at once with nothing new costs almost no CPU: SSE
// falls back to long-poll, and instant empty long-polls back off.
func TestInstantAnswers(t *testing.T) {
	srv := hostile.Start(hostile.Instant)
	defer srv.Close()
	r := runFor(t, 15*time.Second, srv.URL+"/s")
	r.check(t)
	if r.exited {
		t.Errorf("exited (%v), want it to keep following; stderr %q", r.err, r.stderr)
	}
}

// A 1 MiB offset is a protocol error in one short line, never echoed.
func TestHugeOffset(t *testing.T) {
	srv := hostile.Start(hostile.HugeOffset)
	defer srv.Close()
	r := runFor(t, 30*time.Second, srv.URL+"/s")
	r.check(t)
	if !r.exited || len(r.stderr) > 400 || !strings.Contains(r.stderr, "over the 4096-byte limit") {
		t.Errorf("exited %v, stderr %q; want one short line naming the limit", r.exited, r.stderr)
	}
	if r.stdout != "" {
		t.Errorf("printed %q under an unusable offset", r.stdout)
	}
}

// An OpenCode server flooding /global/event with 1 MB deltas while it holds
// the catch-up's REST answers: the queued events are bounded by
// --max-buffer (64 MiB), so the reader stops reading and the server is
// pushed back, instead of the queue growing to 16,384 events of 1 MB. Once
// pushed back, dstail waits without cost: decoding the events up to the
// bound is a one-time burst, bounded by the budget too.
func TestOpenCodeFloodWhileCatchUpIsHeld(t *testing.T) {
	srv := hostile.StartFlood()
	defer srv.Close()
	var idleCPU, idleWall time.Duration
	// Decoding up to the budget takes a few seconds of CPU, longer on a busy
	// machine: the wait is generous, the bounds are what is asserted.
	r := runWith(t, 90*time.Second, func(pid int) {
		waitPushedBack(t, srv, 60*time.Second)
		cpu0, at := cpuTime(t, pid), time.Now()
		time.Sleep(5 * time.Second)
		idleCPU, idleWall = cpuTime(t, pid)-cpu0, time.Since(at)
	}, "--server", srv.URL, hostile.FloodSession)
	t.Logf("peak RSS %d MiB, CPU %s in %s (%s in %s once pushed back), stderr %d bytes; the server wrote %d MiB",
		r.peakRSS>>20, r.cpu, r.wall.Round(time.Millisecond), idleCPU, idleWall.Round(time.Millisecond), len(r.stderr), srv.Written()>>20)
	if r.peakRSS > maxRSS {
		t.Errorf("peak RSS %d MiB, want under %d MiB", r.peakRSS>>20, maxRSS>>20)
	}
	if part := float64(idleCPU) / float64(idleWall); part > maxCPUPart {
		t.Errorf("CPU %s in %s once pushed back (%.0f%% of a core), want under %.0f%%", idleCPU, idleWall, 100*part, 100*maxCPUPart)
	}
	if r.exited || r.stderr != "" {
		t.Errorf("exited %v (%v), stderr %q; want it to keep waiting for the catch-up, quietly", r.exited, r.err, r.stderr)
	}
	// The flood must have reached the bound for the test to show anything:
	// more than --max-buffer went out, far less than 16,384 events.
	if w := srv.Written(); w < 64<<20 || w > 1<<30 {
		t.Errorf("the server wrote %d MiB of events, want more than the 64 MiB budget and far less than the unbounded queue", w>>20)
	}
}

// waitPushedBack waits until the flood has written nothing for two
// seconds: the reader stopped reading.
func waitPushedBack(t *testing.T, srv *hostile.Flood, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	last, since := int64(-1), time.Now()
	for time.Since(since) < 2*time.Second {
		if time.Now().After(deadline) {
			t.Fatalf("the flood was never pushed back: %d MiB written in %s", srv.Written()>>20, timeout)
		}
		if w := srv.Written(); w != last {
			last, since = w, time.Now()
		}
		time.Sleep(100 * time.Millisecond)
	}
}
