// Package testbin supports end-to-end tests of the dstail binary: it builds
// the binary once per test package and collects a child's output safely.
package testbin

import (
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/dstail/dstail/internal/peers"
)

// Build compiles ./cmd/dstail with the race detector into a fresh temp
// directory; cleanup removes it.
func Build(prefix string) (bin string, cleanup func(), err error) {
	return build(prefix, "-race")
}

// BuildPlain compiles ./cmd/dstail as users get it, without the race
// detector (which roughly doubles the heap), for tests that bound memory.
func BuildPlain(prefix string) (bin string, cleanup func(), err error) {
	return build(prefix)
}

func build(prefix string, flags ...string) (bin string, cleanup func(), err error) {
	dir, err := os.MkdirTemp("", prefix)
	if err != nil {
		return "", nil, err
	}
	cleanup = func() { os.RemoveAll(dir) }
	root, err := peers.ModuleRoot()
	if err != nil {
		cleanup()
		return "", nil, err
	}
	bin = filepath.Join(dir, "dstail")
	args := append(append([]string{"build"}, flags...), "-o", bin, "./cmd/dstail")
	build := exec.Command("go", args...)
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("building dstail: %w\n%s", err, out)
	}
	return bin, cleanup, nil
}

// Buffer collects output written by exec's copying goroutines while a test
// reads it.
type Buffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *Buffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *Buffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// Lines counts the complete lines written so far.
func (b *Buffer) Lines() int {
	b.mu.Lock()
	defer b.mu.Unlock()
	return bytes.Count(b.buf.Bytes(), []byte{'\n'})
}
