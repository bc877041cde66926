package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

// TestSecondFollowerOnSameState checks that a second dstail on the stream
// and state another one is following refuses to start (both would save the
// same position) and points at --no-save, while --no-save and other streams
// run alongside.
func TestSecondFollowerOnSameState(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	srv.Create(t, "shared", "application/json")
	srv.Create(t, "other", "application/json")
	for _, s := range []string{"shared", "other"} {
		if err := newWriter(srv, s, 7, 10, 0).jsonRange(0, 50); err != nil {
			t.Fatal(err)
		}
	}
	state := t.TempDir()
	first := startDstail(t, state, "--json", srv.StreamURL("shared"))
	first.waitLines(t, 50, 20*time.Second)

	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantOut  int    // messages printed
		wantErr  string // in stderr
	}{
		{"same stream is refused", []string{"--json", "--once", srv.StreamURL("shared")}, 1, 0, "--no-save"},
		{"same stream by name is refused", []string{"--json", "--once", "--server", srv.URL(), "shared"}, 1, 0, "--no-save"},
		{"--no-save runs alongside", []string{"--json", "--once", "--no-save", srv.StreamURL("shared")}, 0, 50, ""},
		{"another stream runs alongside", []string{"--json", "--once", srv.StreamURL("other")}, 0, 50, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stdout, stderr, code := runDstail(t, state, tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.wantCode, stderr)
			}
			checkSequence(t, seqOf(t, parseRecords(t, stdout)), 0, tc.wantOut)
			if !strings.Contains(stderr, tc.wantErr) {
				t.Errorf("stderr does not mention %q:\n%s", tc.wantErr, stderr)
			}
			if tc.wantCode != 0 && strings.Count(stderr, "\n") != 1 {
				t.Errorf("want one line on stderr, got:\n%s", stderr)
			}
		})
	}

	// The first follower was not disturbed and still owns the position.
	if first.exited() {
		t.Fatalf("first dstail exited (code %d); stderr:\n%s", first.exitCode, first.stderr.String())
	}
	if err := newWriter(srv, "shared", 8, 10, 0).jsonRange(50, 60); err != nil {
		t.Fatal(err)
	}
	srv.Close(t, "shared")
	if code := first.wait(t); code != 0 {
		t.Fatalf("first dstail: exit %d, want 0; stderr:\n%s", code, first.stderr.String())
	}
	checkSequence(t, seqOf(t, parseRecords(t, first.stdout.String())), 0, 60)
	stdout, stderr, code := runDstail(t, state, "--json", "--once", srv.StreamURL("shared"))
	if code != 0 || stdout != "" {
		t.Fatalf("after the first ended, a run on its state: exit %d, stdout %q, want 0 and nothing new; stderr:\n%s", code, stdout, stderr)
	}
}
