// Package e2erelay runs `dstail relay` between the real OpenCode (with the
// mock LLM) and the Durable Streams reference server, with viewers on the
// relayed streams.
package e2erelay

import (
	"context"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/testbin"
)

var dstailBin string

func TestMain(m *testing.M) {
	bin, cleanup, err := testbin.Build("dstail-e2erelay-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2erelay:", err)
		os.Exit(1)
	}
	dstailBin = bin
	code := m.Run()
	cleanup()
	os.Exit(code)
}

// run is one dstail process.
type run struct {
	cmd    *exec.Cmd
	args   []string
	stdout testbin.Buffer
	stderr testbin.Buffer
	done   chan struct{}
	code   int
}

// start runs dstail with args, its state in a directory of the test.
func start(t *testing.T, args ...string) *run {
	t.Helper()
	return startWith(t, nil, args...)
}

// startWith is start with stdout also written to out.
func startWith(t *testing.T, out io.Writer, args ...string) *run {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	r := &run{args: args, done: make(chan struct{})}
	r.cmd = exec.CommandContext(ctx, dstailBin, args...)
	home := t.TempDir()
	r.cmd.Env = append(os.Environ(), "XDG_STATE_HOME="+home, "XDG_CONFIG_HOME="+home, "GORACE=atexit_sleep_ms=50")
	r.cmd.Stdout, r.cmd.Stderr = &r.stdout, &r.stderr
	if out != nil {
		r.cmd.Stdout = io.MultiWriter(&r.stdout, out)
	}
	if err := r.cmd.Start(); err != nil {
		cancel()
		t.Fatalf("start dstail %v: %v", args, err)
	}
	go func() {
		_ = r.cmd.Wait()
		r.code = r.cmd.ProcessState.ExitCode()
		close(r.done)
	}()
	t.Cleanup(func() {
		cancel()
		<-r.done
		if t.Failed() {
			t.Logf("dstail %v stderr:\n%s", r.args, r.stderr.String())
		}
	})
	return r
}

// kill ends the process with SIGKILL.
func (r *run) kill(t *testing.T) {
	t.Helper()
	if err := r.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v", err)
	}
	<-r.done
}

// exit waits for the process to end by itself and returns its exit code.
func (r *run) exit(t *testing.T, timeout time.Duration) int {
	t.Helper()
	select {
	case <-r.done:
	case <-time.After(timeout):
		t.Fatalf("dstail %v still running after %v; stderr:\n%s", r.args, timeout, r.stderr.String())
	}
	if strings.Contains(r.stderr.String(), "WARNING: DATA RACE") {
		t.Fatalf("dstail %v reported a data race", r.args)
	}
	return r.code
}

// until polls cond every 20 ms until it holds or timeout passes.
func until(t *testing.T, what string, timeout time.Duration, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("no %s within %v", what, timeout)
		}
		time.Sleep(20 * time.Millisecond)
	}
}
