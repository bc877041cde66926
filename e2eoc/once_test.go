package e2eoc

import (
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
)

// quickly bounds runs that must not wait or retry: an answer from a local
// server takes milliseconds, a retry loop at least seconds.
const quickly = 20 * time.Second

// TestOnceAndErrors covers --once on a finished session and the exit codes
// of an unknown session, on the shared (unprotected) server.
func TestOnceAndErrors(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	id := finishedSession(t, s)
	tests := []struct {
		name     string
		args     []string
		wantCode int
		wantErr  string // in the one stderr line; "" wants no stderr
		fold     bool   // stdout must fold to the server's state
	}{
		{"once json", []string{id, "--server", s.URL(), "--json", "--once", "--no-save"}, 0, "", true},
		{"once saved run", []string{id, "--server", s.URL(), "--json", "--once"}, 0, "", true},
		{"unknown session", []string{"ses_0000000000000000000000000", "--server", s.URL(), "--json", "--once", "--no-save"}, 3, "ses_0000000000000000000000000", false},
		{"unknown session followed", []string{"ses_0000000000000000000000000", "--server", s.URL(), "--no-save"}, 3, "404", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := startDstail(t, nil, tc.args...)
			code := p.wait(t, quickly)
			assertExit(t, p, code, tc.wantCode, tc.wantErr)
			if tc.fold {
				assertFoldEqualsServer(t, s, id, parseLines(t, id, p.stdout.String()))
			} else if out := p.stdout.String(); out != "" {
				t.Errorf("stdout = %q, want nothing", out)
			}
		})
	}
}

// TestBasicAuth runs dstail against a server protected by basic auth:
// right credentials (flags, the environment OpenCode itself reads, or the
// server URL) give the session, wrong ones one line naming 401 and no
// retrying, which says whether a password was missing or refused.
func TestBasicAuth(t *testing.T) {
	t.Parallel()
	s := ocpeer.Start(t, ocpeer.WithPassword("s3cret-pw"), ocpeer.WithUsername("alice"), ocpeer.WithMockConfig(sharedMock))
	id := finishedSession(t, s)
	base := []string{id, "--server", s.URL(), "--json", "--once", "--no-save"}
	tests := []struct {
		name     string
		args     []string
		env      []string
		wantCode int
		wantErr  string
	}{
		{"flags", []string{"-u", "alice", "-p", "s3cret-pw"}, nil, 0, ""},
		{"environment", nil, []string{"OPENCODE_SERVER_USERNAME=alice", "OPENCODE_SERVER_PASSWORD=s3cret-pw"}, 0, ""},
		{"flag beats environment", []string{"-p", "s3cret-pw"}, []string{"OPENCODE_SERVER_USERNAME=alice", "OPENCODE_SERVER_PASSWORD=wrong"}, 0, ""},
		{"wrong password", []string{"-u", "alice", "-p", "wrong"}, nil, 1, "401 Unauthorized: the server refused this user and password"},
		{"wrong user", []string{"-p", "s3cret-pw"}, nil, 1, "refused this user and password"},
		{"no credentials", nil, nil, 1, "401 Unauthorized: the server needs a password"},
		{"credentials in the URL", []string{"--server", strings.Replace(s.URL(), "://", "://alice:s3cret-pw@", 1)}, nil, 0, ""},
		{"wrong password following", []string{"-u", "alice", "-p", "wrong", "--once=false"}, nil, 1, "401"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			p := startDstail(t, tc.env, append(append([]string(nil), base...), tc.args...)...)
			code := p.wait(t, quickly)
			if warned := strings.Contains(p.stderr.String(), passwordWarning); warned != slices.Contains(tc.args, "-p") {
				t.Errorf("password warning shown %v, want it exactly when -p is given; stderr %q", warned, p.stderr.String())
			}
			assertExit(t, p, code, tc.wantCode, tc.wantErr)
			if tc.wantCode == 0 {
				assertFoldEqualsServer(t, s, id, parseLines(t, id, p.stdout.String()))
			}
		})
	}
}

// finishedSession runs one plain turn to its end.
func finishedSession(t *testing.T, s *ocpeer.Server) string {
	t.Helper()
	id := s.CreateSession(t, "")
	s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPlain)+" a finished turn")
	s.WaitIdle(t, id, turnLimit)
	return id
}

// assertExit checks the exit code and that stderr is empty on success and
// exactly one line containing wantErr on failure.
func assertExit(t *testing.T, p *proc, code, wantCode int, wantErr string) {
	t.Helper()
	if code != wantCode {
		t.Errorf("exit code %d, want %d", code, wantCode)
	}
	stderr := dropPasswordWarning(p.stderr.String())
	if wantErr == "" {
		if stderr != "" {
			t.Errorf("stderr = %q, want nothing", stderr)
		}
		return
	}
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if len(lines) != 1 || !strings.Contains(lines[0], wantErr) {
		t.Errorf("stderr = %q, want one line containing %q", stderr, wantErr)
	}
}

// passwordWarning is in the line -p adds: other users can see it in ps.
const passwordWarning = "-p/--password is visible to other users"

// dropPasswordWarning removes that line, which the test checks on its own.
func dropPasswordWarning(stderr string) string {
	var kept []string
	for _, line := range strings.SplitAfter(stderr, "\n") {
		if !strings.Contains(line, passwordWarning) {
			kept = append(kept, line)
		}
	}
	return strings.Join(kept, "")
}
