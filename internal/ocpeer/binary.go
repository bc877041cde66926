package ocpeer

import (
	"errors"
	"fmt"
	"runtime"
	"strings"

	"github.com/dstail/dstail/internal/peers"
)

// Binary returns the opencode executable of the npm peer install for the
// running platform.
func Binary() (string, error) {
	candidates, err := binaryCandidates(runtime.GOOS, runtime.GOARCH)
	if err != nil {
		return "", err
	}
	var errs []error
	for _, rel := range candidates {
		p, err := peers.Node(rel)
		if err == nil {
			return p, nil
		}
		errs = append(errs, err)
	}
	return "", fmt.Errorf("ocpeer: no opencode binary installed (tried %s): %w",
		strings.Join(candidates, ", "), errors.Join(errs...))
}

// binaryCandidates lists the node_modules paths of opencode-ai's platform
// packages that can run on goos/goarch, preferred first. npm installs only
// the optional dependencies matching the machine (x64 may get the
// "baseline" build for CPUs without AVX2, musl systems the "-musl" ones).
func binaryCandidates(goos, goarch string) ([]string, error) {
	if goos != "linux" && goos != "darwin" {
		return nil, fmt.Errorf("ocpeer: opencode peer supports linux and darwin, not %s/%s", goos, goarch)
	}
	var arch string
	switch goarch {
	case "amd64":
		arch = "x64"
	case "arm64":
		arch = "arm64"
	default:
		return nil, fmt.Errorf("ocpeer: opencode peer supports amd64 and arm64, not %s/%s", goos, goarch)
	}
	base := "opencode-" + goos + "-" + arch
	names := []string{base}
	if arch == "x64" {
		names = append(names, base+"-baseline")
	}
	if goos == "linux" {
		musl := make([]string, 0, len(names))
		for _, n := range names {
			musl = append(musl, n+"-musl")
		}
		names = append(names, musl...)
	}
	out := make([]string, len(names))
	for i, n := range names {
		out[i] = n + "/bin/opencode"
	}
	return out, nil
}
