// Package archtest enforces the pipeline's dependency rules (see
// ARCHITECTURE.md) on the packages as they are built, through go list.
package archtest

import (
	"encoding/json"
	"os/exec"
	"strings"
	"testing"
)

const module = "github.com/dstail/dstail/"

// transports are the packages that talk to servers.
var transports = []string{"transport", "transport/sse", "ds", "opencode", "follower", "discover"}

// deps lists every package pkg depends on, directly or not.
func deps(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-deps", module+pkg).Output()
	if err != nil {
		t.Fatalf("go list -deps %s: %v", pkg, err)
	}
	return strings.Fields(string(out))
}

// imports lists the packages pkg imports itself.
func imports(t *testing.T, pkg string) []string {
	t.Helper()
	out, err := exec.Command("go", "list", "-json", module+pkg).Output()
	if err != nil {
		t.Fatalf("go list %s: %v", pkg, err)
	}
	var p struct{ Imports []string }
	if err := json.Unmarshal(out, &p); err != nil {
		t.Fatal(err)
	}
	return p.Imports
}

func forbid(t *testing.T, pkg string, got []string, bad func(string) bool, why string) {
	t.Helper()
	for _, d := range got {
		if bad(d) {
			t.Errorf("%s depends on %s: %s", pkg, d, why)
		}
	}
}

func isTransport(d string) bool {
	for _, tr := range transports {
		if d == module+tr {
			return true
		}
	}
	return false
}

// TestSinksImportNoTransport: the view and the line/NDJSON sinks are fed
// through types only; no network code may reach them.
func TestSinksImportNoTransport(t *testing.T) {
	for _, pkg := range []string{"tui", "output", "ndjson", "feed", "iostreams"} {
		forbid(t, pkg, deps(t, pkg), func(d string) bool {
			return d == "net/http" || strings.Contains(d, "go-sse") || isTransport(d)
		}, "sinks and shared types must not pull in a transport")
	}
}

// TestModelIsPure: the session model depends on nothing of the project.
func TestModelIsPure(t *testing.T) {
	forbid(t, "reconcile", deps(t, "reconcile"), func(d string) bool {
		return strings.HasPrefix(d, module) && d != module+"reconcile" || d == "net/http"
	}, "reconcile stays pure")
}

// TestTransportsImportNoSink: transports never print, so they import no
// sink, no view and no application layer.
func TestTransportsImportNoSink(t *testing.T) {
	sinks := []string{"tui", "output", "ndjson", "app", "iostreams"}
	for _, pkg := range transports {
		forbid(t, pkg, deps(t, pkg), func(d string) bool {
			for _, s := range sinks {
				if d == module+s {
					return true
				}
			}
			return false
		}, "a transport hands batches on by callback")
	}
}

// TestCommandHoldsNoFollowLogic: cmd/dstail turns flags into a Config and
// calls the application layer; it imports no transport and no sink.
func TestCommandHoldsNoFollowLogic(t *testing.T) {
	forbid(t, "cmd/dstail", imports(t, "cmd/dstail"), func(d string) bool {
		return isTransport(d) || d == module+"tui" || d == module+"reconcile" || strings.Contains(d, "bubbletea")
	}, "follow logic lives in app")
}

// TestConfigIsALeaf: the config file and flag sources are read by the
// command and the application layer, never the other way round.
func TestConfigIsALeaf(t *testing.T) {
	forbid(t, "config", deps(t, "config"), func(d string) bool {
		for _, p := range []string{"app", "tui", "output", "ds", "opencode", "follower", "discover"} {
			if d == module+p {
				return true
			}
		}
		return false
	}, "config is read by others")
}
