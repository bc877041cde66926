// Package peers installs the real protocol peers (npm packages) that the
// end-to-end tests and benchmarks run against, once per checkout.
package peers

import (
	"errors"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"sync"

	"github.com/gofrs/flock"
)

var (
	installOnce sync.Once
	installDir  string
	installErr  error
)

// Dir returns testdata/peers with its node_modules installed. Test binaries of
// several packages run at once, so the npm install is serialised by a file lock.
func Dir() (string, error) {
	installOnce.Do(func() { installDir, installErr = install() })
	return installDir, installErr
}

func install() (string, error) {
	root, err := ModuleRoot()
	if err != nil {
		return "", err
	}
	dir := filepath.Join(root, "testdata", "peers")
	lock := flock.New(filepath.Join(dir, ".install.lock"))
	if err := lock.Lock(); err != nil {
		return "", fmt.Errorf("lock peer install: %w", err)
	}
	defer lock.Unlock()
	if _, err := os.Stat(filepath.Join(dir, "node_modules", ".package-lock.json")); err == nil {
		return dir, nil
	}
	// npm ci would refuse the lock file: npm leaves other platforms' optional
	// OpenCode binaries out of it. install --no-save keeps the locked versions.
	cmd := exec.Command("npm", "install", "--no-save", "--no-audit", "--no-fund", "--loglevel=error")
	cmd.Dir = dir
	if out, err := cmd.CombinedOutput(); err != nil {
		return "", fmt.Errorf("npm install in %s: %w\n%s", dir, err, out)
	}
	return dir, nil
}

// Node returns the path of a file inside the installed node_modules.
func Node(rel string) (string, error) {
	dir, err := Dir()
	if err != nil {
		return "", err
	}
	p := filepath.Join(dir, "node_modules", rel)
	if _, err := os.Stat(p); err != nil {
		return "", fmt.Errorf("peer file missing after install: %w", err)
	}
	return p, nil
}

// ModuleRoot walks up from the working directory to the one holding go.mod.
func ModuleRoot() (string, error) {
	dir, err := os.Getwd()
	if err != nil {
		return "", err
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			return dir, nil
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			return "", errors.New("go.mod not found above the working directory")
		}
		dir = parent
	}
}
