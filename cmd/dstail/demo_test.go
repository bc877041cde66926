package main

import (
	"strings"
	"testing"

	"github.com/dstail/dstail/app"
)

func TestDemoUsageErrors(t *testing.T) {
	for name, args := range map[string][]string{
		"zero speed":     {"demo", "--speed", "0"},
		"negative speed": {"demo", "--speed", "-2"},
		"huge speed":     {"demo", "--speed", "1e9"},
		"not a number":   {"demo", "--speed", "fast"},
		"argument":       {"demo", "ses_x"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errb := runCLI(t, args...)
			if code != app.ExitUsage || out != "" || !strings.HasPrefix(errb, "dstail: ") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and one error", code, out, errb)
			}
		})
	}
}

// TestDemoRunsInProcess runs the whole demo fast: it needs no server,
// ends by itself with line output, and shows the answer.
func TestDemoRunsInProcess(t *testing.T) {
	t.Setenv("XDG_STATE_HOME", t.TempDir())
	code, out, errb := runCLI(t, "demo", "--plain", "--speed", "50")
	if code != app.ExitOK {
		t.Fatalf("exit %d; stderr %q", code, errb)
	}
	for _, want := range []string{"── user ──", "(thinking) ", "✓ bash", "## How dstail keeps a session exact", "● idle"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
	if !strings.Contains(errb, "reconnecting") {
		t.Errorf("no reconnect notice on stderr: %q", errb)
	}
}
