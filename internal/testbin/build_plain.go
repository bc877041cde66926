package testbin

import (
	"fmt"
	"os"
	"os/exec"
	"path/filepath"

	"github.com/dstail/dstail/internal/peers"
)

// BuildPlain compiles ./cmd/dstail as users get it, without the race
// detector (which roughly doubles the heap), for tests that bound memory.
func BuildPlain(prefix string) (bin string, cleanup func(), err error) {
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
	build := exec.Command("go", "build", "-o", bin, "./cmd/dstail")
	build.Dir = root
	if out, err := build.CombinedOutput(); err != nil {
		cleanup()
		return "", nil, fmt.Errorf("building dstail: %w\n%s", err, out)
	}
	return bin, cleanup, nil
}
