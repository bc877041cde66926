package e2eoc

import (
	"bufio"
	"os/exec"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
)

// TestClosedPipeEndsAnIdleFollow is `dstail SES --json | head -3` on an
// idle session: once the reader is gone dstail exits within a second, with
// nothing more to write, and lets go of the position, so the next run is
// not refused.
func TestClosedPipeEndsAnIdleFollow(t *testing.T) {
	s := sharedServer(t)
	id := s.CreateSession(t, s.Dir())
	s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPlain)+" then idle")
	s.WaitIdle(t, id, turnLimit)
	state := t.TempDir()
	cmd := exec.Command(dstailBin, "--server", s.URL(), "--json", id)
	cmd.Env = childEnv(state)
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	done := make(chan error, 1)
	reaped := make(chan struct{})
	go func() {
		done <- cmd.Wait()
		close(reaped)
	}()
	t.Cleanup(func() {
		_ = cmd.Process.Kill()
		<-reaped
	})
	lines := bufio.NewScanner(out)
	lines.Buffer(nil, 1<<20)
	for range 3 {
		if !lines.Scan() {
			t.Fatalf("fewer than 3 lines: %v", lines.Err())
		}
	}
	time.Sleep(500 * time.Millisecond) // caught up, idle: nothing more to write
	closed := time.Now()
	if err := out.Close(); err != nil {
		t.Fatal(err)
	}
	select {
	case err := <-done:
		t.Logf("exited %v after the reader left: %v", time.Since(closed), err)
		if code := cmd.ProcessState.ExitCode(); code != 141 {
			t.Errorf("exit code %d, want 141 (as SIGPIPE)", code)
		}
	case <-time.After(time.Second):
		t.Fatal("dstail still runs a second after its reader left")
	}
	once := startDstail(t, []string{"XDG_STATE_HOME=" + state}, "--server", s.URL(), "--json", "--once", id)
	if code := once.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("the next run: exit %d:\n%s", code, once.stderr.String())
	}
}
