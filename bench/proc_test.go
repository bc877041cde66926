package bench

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/peers"
	"github.com/dstail/dstail/internal/testbin"
)

// usage is what one child process cost.
type usage struct {
	wall   time.Duration
	cpu    time.Duration // user + system
	maxRSS int64         // bytes
	first  time.Duration // the terminal view: until its first screen (header) showed
}

// measure runs cmd to completion and reports its wall time, CPU time and
// peak resident set size, with no tool but the kernel's own accounting.
func measure(cmd *exec.Cmd) (usage, error) {
	start := time.Now()
	if err := cmd.Start(); err != nil {
		return usage{}, err
	}
	stop := make(chan struct{})
	peak := testbin.WatchPeakRSS(cmd.Process.Pid, stop)
	err := cmd.Wait()
	wall := time.Since(start)
	close(stop)
	st := cmd.ProcessState
	return usage{wall: wall, cpu: st.UserTime() + st.SystemTime(), maxRSS: <-peak}, err
}

// measureDstail measures a dstail run with stdout on out; a failure says
// what dstail wrote on stderr.
func measureDstail(cmd *exec.Cmd, out *os.File) (usage, error) {
	cmd.Stdout = out
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	u, err := measure(cmd)
	if err != nil {
		return u, fmt.Errorf("dstail: %w: %s", err, stderr.String())
	}
	return u, nil
}

// build is one program the benchmarks run, built once per test binary.
type build struct {
	once sync.Once
	bin  string
	err  error
}

var (
	dstailBuild, goReaderBuild build
	buildDirOnce               sync.Once
	buildDir                   string // removed by TestMain
	buildDirErr                error
)

// binary builds the package pkg (relative to the module root) as name in
// the shared temporary directory, once, without the race detector: the
// figures are for the binary users run.
func (b *build) binary(tb testing.TB, pkg, name string) string {
	tb.Helper()
	b.once.Do(func() {
		buildDirOnce.Do(func() { buildDir, buildDirErr = os.MkdirTemp("", "dstail-bench-") })
		root, err := peers.ModuleRoot()
		if err = errors.Join(buildDirErr, err); err != nil {
			b.err = err
			return
		}
		b.bin = filepath.Join(buildDir, name)
		cmd := exec.Command("go", "build", "-o", b.bin, pkg)
		cmd.Dir = root
		if out, err := cmd.CombinedOutput(); err != nil {
			b.err = &buildError{err: err, out: string(out)}
		}
	})
	if b.err != nil {
		tb.Fatalf("bench: build %s: %v", name, b.err)
	}
	return b.bin
}

// dstailBinary builds ./cmd/dstail. DSTAIL_BENCH_BIN names a binary to
// measure instead (another version, for a before/after).
func dstailBinary(tb testing.TB) string {
	tb.Helper()
	if bin := os.Getenv("DSTAIL_BENCH_BIN"); bin != "" {
		return bin
	}
	return dstailBuild.binary(tb, "./cmd/dstail", "dstail")
}

type buildError struct {
	err error
	out string
}

func (e *buildError) Error() string { return e.err.Error() + "\n" + e.out }

// TestMain removes the built binary once every test and benchmark is done.
func TestMain(m *testing.M) {
	code := m.Run()
	if buildDir != "" {
		os.RemoveAll(buildDir)
	}
	os.Exit(code)
}

// devNull opens /dev/null for a child's stdout, so output costs the child a
// write(2) and nothing else, for every reader alike.
func devNull(tb testing.TB) *os.File {
	tb.Helper()
	f, err := os.OpenFile(os.DevNull, os.O_WRONLY, 0)
	if err != nil {
		tb.Fatal(err)
	}
	tb.Cleanup(func() { f.Close() })
	return f
}

// lookTool finds a command-line tool the benchmark compares against; its
// absence fails the run rather than skipping it.
func lookTool(tb testing.TB, name string) string {
	tb.Helper()
	p, err := exec.LookPath(name)
	if err != nil {
		tb.Fatalf("bench: %s is needed for the side-by-side figures: %v", name, err)
	}
	return p
}
