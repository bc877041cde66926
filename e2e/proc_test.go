package e2e

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

// lines counts the complete lines written so far.
// proc is one run of the dstail binary.
type proc struct {
	cmd      *exec.Cmd
	ctx      context.Context
	args     []string
	stdout   testbin.Buffer
	stderr   testbin.Buffer
	done     chan struct{} // closed once the process is reaped
	waitErr  error
	exitCode int
}

// startDstail runs dstail with args, its saved positions under stateHome
// (as XDG_STATE_HOME) and no DSTAIL_* settings inherited from the caller.
func startDstail(t *testing.T, stateHome string, args ...string) *proc {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), procLimit)
	p := &proc{ctx: ctx, args: args, done: make(chan struct{})}
	p.cmd = exec.CommandContext(ctx, dstailBin, args...)
	p.cmd.Env = childEnv(stateHome)
	p.cmd.Stdout = &p.stdout
	p.cmd.Stderr = &p.stderr
	p.cmd.WaitDelay = 5 * time.Second
	if err := p.cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start dstail %v: %v", args, err)
	}
	go func() {
		p.waitErr = p.cmd.Wait()
		p.exitCode = p.cmd.ProcessState.ExitCode()
		close(p.done)
	}()
	t.Cleanup(func() {
		cancel()
		<-p.done
	})
	return p
}

func childEnv(stateHome string) []string {
	var env []string
	for _, kv := range os.Environ() {
		if strings.HasPrefix(kv, "DSTAIL_") || strings.HasPrefix(kv, "XDG_STATE_HOME=") || strings.HasPrefix(kv, "XDG_CONFIG_HOME=") || strings.HasPrefix(kv, "GORACE=") {
			continue
		}
		env = append(env, kv)
	}
	// The race runtime sleeps a second at exit by default; runs are many.
	// No config file either: stateHome holds none.
	return append(env, "XDG_STATE_HOME="+stateHome, "XDG_CONFIG_HOME="+stateHome, "GORACE=atexit_sleep_ms=100")
}

// runDstail runs dstail to its end and returns its output and exit code.
func runDstail(t *testing.T, stateHome string, args ...string) (stdout, stderr string, code int) {
	t.Helper()
	p := startDstail(t, stateHome, args...)
	code = p.wait(t)
	return p.stdout.String(), p.stderr.String(), code
}

// wait returns the exit code (-1 when ended by a signal). A run that outlives
// procLimit is killed and fails the test.
func (p *proc) wait(t *testing.T) int {
	t.Helper()
	<-p.done
	if p.ctx.Err() == context.DeadlineExceeded {
		t.Fatalf("dstail %v still running after %v; killed it. stderr:\n%s", p.args, procLimit, p.stderr.String())
	}
	if strings.Contains(p.stderr.String(), "WARNING: DATA RACE") {
		t.Fatalf("dstail %v reported a data race:\n%s", p.args, p.stderr.String())
	}
	return p.exitCode
}

// exited reports whether the process has ended.
func (p *proc) exited() bool {
	select {
	case <-p.done:
		return true
	default:
		return false
	}
}

// waitLines waits until stdout holds at least n complete lines. It fails the
// test if dstail exits first or timeout passes.
func (p *proc) waitLines(t *testing.T, n int, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for p.stdout.Lines() < n {
		if p.exited() && p.stdout.Lines() < n {
			t.Fatalf("dstail %v exited (code %d) after %d of %d lines. stderr:\n%s",
				p.args, p.exitCode, p.stdout.Lines(), n, p.stderr.String())
		}
		if time.Now().After(deadline) {
			t.Fatalf("dstail %v printed %d of %d lines within %v. stderr:\n%s",
				p.args, p.stdout.Lines(), n, timeout, p.stderr.String())
		}
		time.Sleep(5 * time.Millisecond)
	}
}

// signal sends sig to the process; it must still be running.
func (p *proc) signal(t *testing.T, sig syscall.Signal) {
	t.Helper()
	if err := p.cmd.Process.Signal(sig); err != nil {
		t.Fatalf("signal %v to dstail: %v", sig, err)
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *proc) kill(t *testing.T) {
	t.Helper()
	p.signal(t, syscall.SIGKILL)
	<-p.done
}
