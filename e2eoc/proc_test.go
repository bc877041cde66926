package e2eoc

import (
	"context"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/testbin"
)

// procLimit bounds every dstail run; a run still going then is killed and
// fails its test with its stderr.
const procLimit = 90 * time.Second

// proc is one run of the dstail binary.
type proc struct {
	cmd      *exec.Cmd
	ctx      context.Context
	args     []string
	stdout   testbin.Buffer
	stderr   testbin.Buffer
	done     chan struct{} // closed once the process is reaped
	exitCode int
	ended    time.Time
}

// startDstail runs dstail with args and extra "KEY=value" environment
// entries. Nothing of the caller's DSTAIL_*, OPENCODE_*, proxy or state
// settings reaches it; saved positions go to a per-test directory unless
// args say otherwise.
func startDstail(t *testing.T, env []string, args ...string) *proc {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), procLimit)
	p := &proc{ctx: ctx, args: args, done: make(chan struct{})}
	p.cmd = exec.CommandContext(ctx, dstailBin, args...)
	p.cmd.Env = append(childEnv(t.TempDir()), env...)
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	p.cmd.WaitDelay = 5 * time.Second
	if err := p.cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start dstail %v: %v", args, err)
	}
	go func() {
		_ = p.cmd.Wait()
		p.exitCode = p.cmd.ProcessState.ExitCode()
		p.ended = time.Now()
		close(p.done)
	}()
	t.Cleanup(func() {
		cancel()
		<-p.done
		if t.Failed() {
			t.Logf("dstail %v stderr:\n%s", p.args, p.stderr.String())
		}
	})
	return p
}

func childEnv(stateHome string) []string {
	var env []string
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		upper := strings.ToUpper(name)
		if strings.HasPrefix(upper, "DSTAIL_") || strings.HasPrefix(upper, "OPENCODE_") ||
			strings.HasSuffix(upper, "_PROXY") || upper == "XDG_STATE_HOME" || upper == "XDG_CONFIG_HOME" || upper == "GORACE" {
			continue
		}
		env = append(env, kv)
	}
	// The race runtime sleeps a second at exit by default.
	return append(env, "XDG_STATE_HOME="+stateHome, "XDG_CONFIG_HOME="+stateHome, "GORACE=atexit_sleep_ms=50")
}

// wait returns the exit code (-1 when ended by a signal). A run that
// outlives timeout is killed and fails the test.
func (p *proc) wait(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-p.done:
	case <-time.After(timeout):
		_ = p.cmd.Process.Kill()
		<-p.done
		t.Fatalf("dstail %v still running after %v; killed it", p.args, timeout)
	}
	if p.ctx.Err() == context.DeadlineExceeded {
		t.Fatalf("dstail %v still running after %v; killed it", p.args, procLimit)
	}
	if strings.Contains(p.stderr.String(), "WARNING: DATA RACE") {
		t.Fatalf("dstail %v reported a data race", p.args)
	}
	return p.exitCode
}

func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitOutput waits until stdout satisfies cond. It fails the test when
// dstail exits first or timeout passes.
func (p *proc) waitOutput(t *testing.T, what string, timeout time.Duration, cond func(stdout string) bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond(p.stdout.String()) {
		if p.exited() {
			if cond(p.stdout.String()) {
				return
			}
			t.Fatalf("dstail %v exited (code %d) before %s; stdout:\n%s", p.args, p.exitCode, what, tail(p.stdout.String(), 20))
		}
		if time.Now().After(deadline) {
			t.Fatalf("dstail %v: no %s within %v; stdout:\n%s", p.args, what, timeout, tail(p.stdout.String(), 20))
		}
		time.Sleep(10 * time.Millisecond)
	}
}

// kill sends SIGKILL and waits until the process is gone.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill dstail: %v", err)
	}
	<-p.done
}

// tail returns the last n lines of s.
func tail(s string, n int) string {
	lines := strings.SplitAfter(s, "\n")
	if len(lines) > n {
		lines = lines[len(lines)-n:]
	}
	return strings.Join(lines, "")
}
