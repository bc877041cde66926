package e2e

import (
	"bufio"
	"encoding/json"
	"fmt"
	"net"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/peers"
	"github.com/dstail/dstail/internal/testbin"
)

// runExample runs examples/live-stream.sh with --json until it printed
// records lines, then stops it as ctrl+c would, and returns the n of every
// record it printed and what it wrote on stderr.
func runExample(t *testing.T, env []string, records int) ([]int, string) {
	t.Helper()
	root, err := peers.ModuleRoot()
	if err != nil {
		t.Fatal(err)
	}
	cmd := exec.Command("bash", filepath.Join(root, "examples", "live-stream.sh"), "--json")
	cmd.Env = append(os.Environ(), env...)
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	var out, errb testbin.Buffer
	cmd.Stdout, cmd.Stderr = &out, &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	// The first run builds dstail, which takes a while on a busy machine.
	for deadline := time.Now().Add(3 * time.Minute); out.Lines() < records; time.Sleep(50 * time.Millisecond) {
		if time.Now().After(deadline) {
			_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
			t.Fatalf("the example printed %d records, not %d; stderr:\n%s", out.Lines(), records, errb.String())
		}
	}
	_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGINT)
	done := make(chan error, 1)
	go func() { done <- cmd.Wait() }()
	select {
	case <-done:
	case <-time.After(20 * time.Second):
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
		<-done
		t.Fatal("the example did not stop on SIGINT")
	}
	var ns []int
	sc := bufio.NewScanner(strings.NewReader(out.String()))
	for sc.Scan() {
		var rec struct{ Data struct{ N int } }
		if err := json.Unmarshal(sc.Bytes(), &rec); err != nil {
			t.Fatalf("not a record: %q", sc.Text())
		}
		ns = append(ns, rec.Data.N)
	}
	return ns, errb.String()
}

// TestExampleContinuesItsCount runs the example twice on one data and state
// directory: the second run resumes after what the first printed and its
// writer numbers on, so every n appears once and in order; the reference
// server's log stays off the terminal.
func TestExampleContinuesItsCount(t *testing.T) {
	if _, err := exec.LookPath("curl"); err != nil {
		t.Fatal("the example needs curl (installed by .ci/run)")
	}
	tmp := t.TempDir()
	env := []string{"TMPDIR=" + tmp, "XDG_STATE_HOME=" + filepath.Join(tmp, "state"), fmt.Sprintf("PORT=%d", freePort(t))}
	first, errFirst := runExample(t, env, 3)
	second, errSecond := runExample(t, env, 3)
	if len(first) == 0 || len(second) == 0 {
		t.Fatalf("first run printed %d records, second %d; stderr:\n%s\n%s", len(first), len(second), errFirst, errSecond)
	}
	all := append(first, second...)
	for i, n := range all {
		if n != i+1 {
			t.Fatalf("records n = %v, want 1..%d once each in order (the second run restarted its count or repeated)", all, len(all))
		}
	}
	for _, e := range []string{errFirst, errSecond} {
		for _, line := range strings.Split(strings.TrimSpace(e), "\n") {
			if line != "" && !strings.HasPrefix(line, "tailing ") && !strings.HasPrefix(line, "dstail: ") {
				t.Errorf("a line on stderr that is not the example's or dstail's: %q", line)
			}
		}
	}
}

// freePort is a loopback port nothing listens on.
func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}
