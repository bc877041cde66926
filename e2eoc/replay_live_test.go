package e2eoc

import (
	"os"
	"path/filepath"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
)

// TestReplayPrintsWhatTheLiveRunPrinted follows one turn of a real
// OpenCode session with three live runs at once: one writes the --json
// capture, two print lines shaped by --parts, --exclude and --timestamps.
// A --replay of the capture with each run's flags must print exactly the
// bytes that run printed live: replay goes through the same sinks.
func TestReplayPrintsWhatTheLiveRunPrinted(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	id := s.CreateSession(t, s.Dirs()[projectTools])
	base := []string{"--server", s.URL(), "--no-save"}
	shapes := [][]string{
		{"--plain", "--parts", "text", "--timestamps"},
		{"--plain", "--exclude", "read|step", "--timestamps=rfc3339"},
	}
	capture := startDstail(t, nil, append(base, id, "--json")...)
	var lines []*proc
	for _, flags := range shapes {
		lines = append(lines, startDstail(t, nil, append(append(base, id), flags...)...))
	}
	capture.waitOutput(t, "initial state", 30*time.Second, hasType("session.status"))
	for _, p := range lines {
		p.waitOutput(t, "the session's title", 30*time.Second, func(out string) bool { return len(out) > 0 })
	}
	s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnTool)+" use tools")
	s.WaitIdle(t, id, turnLimit)
	waitQuiet(t, append(lines, capture), 2*time.Second)
	for _, p := range append(lines, capture) {
		p.kill(t)
	}

	path := filepath.Join(t.TempDir(), "capture.ndjson")
	if err := os.WriteFile(path, []byte(capture.stdout.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	for i, flags := range shapes {
		live := lines[i].stdout.String()
		if len(live) == 0 {
			t.Fatalf("%v printed nothing live; the comparison would prove nothing", flags)
		}
		replay := startDstail(t, nil, append([]string{"--replay", path}, flags...)...)
		if code := replay.wait(t, 30*time.Second); code != 0 {
			t.Fatalf("--replay %v: exit %d, stderr %s", flags, code, replay.stderr.String())
		}
		if got := replay.stdout.String(); got != live {
			t.Errorf("--replay %v differs from the live run:\n--- replay\n%s\n--- live\n%s", flags, got, live)
		}
	}
}

// waitQuiet waits until none of ps has printed anything for quiet.
func waitQuiet(t *testing.T, ps []*proc, quiet time.Duration) {
	t.Helper()
	deadline := time.Now().Add(turnLimit)
	sizes := make([]int, len(ps))
	still := time.Now()
	for time.Since(still) < quiet {
		if time.Now().After(deadline) {
			t.Fatal("the live runs never went quiet")
		}
		time.Sleep(50 * time.Millisecond)
		for i, p := range ps {
			if n := len(p.stdout.String()); n != sizes[i] {
				sizes[i], still = n, time.Now()
			}
		}
	}
}
