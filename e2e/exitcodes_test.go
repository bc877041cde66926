package e2e

import (
	"net"
	"strings"
	"testing"

	"github.com/dstail/dstail/internal/dspeer"
)

// TestFailuresExitWithDocumentedCode checks runs that cannot follow
// anything: nothing on stdout, a short explanation on stderr and the exit
// code scripts rely on (1 error, 2 usage, 3 not found).
func TestFailuresExitWithDocumentedCode(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	srv.Create(t, "deleted", "application/json")
	srv.AppendJSON(t, "deleted", map[string]int{"n": 0})
	srv.Delete(t, "deleted")
	srv.Create(t, "exists", "application/json")
	deadURL := "http://" + closedAddr(t) + "/v1/stream/x"

	tests := []struct {
		name      string
		args      []string
		wantCode  int
		wantLines int      // lines on stderr
		wantErr   []string // substrings of stderr
	}{
		{"missing stream by URL", []string{"--json", srv.StreamURL("no-such-stream")}, 3, 1, []string{"404", "no-such-stream"}},
		{"missing stream by name", []string{"--server", srv.URL(), "no-such-stream"}, 3, 1, []string{"404", "no-such-stream"}},
		{"missing stream with --once", []string{"--once", srv.StreamURL("no-such-stream")}, 3, 1, []string{"404"}},
		{"deleted stream", []string{"--live", "long-poll", srv.StreamURL("deleted")}, 3, 1, []string{"deleted"}},
		{"unreachable server", []string{"--json", deadURL}, 1, 1, []string{"refused"}},
		{"no TARGET", []string{"--json"}, 2, 2, []string{"dstail --help"}},
		{"two TARGETs", []string{srv.StreamURL("exists"), srv.StreamURL("exists")}, 2, 2, []string{"dstail --help"}},
		{"bad --live", []string{"--live", "websocket", srv.StreamURL("exists")}, 2, 2, []string{"--live", "websocket"}},
		{"bare name without --server", []string{"exists"}, 2, 2, []string{"--server", "exists"}},
		{"unknown flag", []string{"--follow-harder", srv.StreamURL("exists")}, 2, 2, []string{"follow-harder"}},
		{"empty --from", []string{"--from", "", srv.StreamURL("exists")}, 2, 2, []string{"--from"}},
		{"malformed -H", []string{"-H", "no colon here", srv.StreamURL("exists")}, 2, 2, []string{"-H"}},
		{"not an http URL", []string{"ftp://127.0.0.1/v1/stream/exists"}, 2, 2, []string{"ftp://"}},
		{"negative --max-retries", []string{"--max-retries", "-1", srv.StreamURL("exists")}, 2, 2, []string{"--max-retries"}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			stdout, stderr, code := runDstail(t, t.TempDir(), tc.args...)
			if code != tc.wantCode {
				t.Errorf("exit %d, want %d; stderr:\n%s", code, tc.wantCode, stderr)
			}
			if stdout != "" {
				t.Errorf("stdout %q, want nothing", stdout)
			}
			lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
			if stderr == "" || len(lines) != tc.wantLines || !strings.HasPrefix(lines[0], "dstail: ") {
				t.Errorf("stderr is not %d line(s) starting with \"dstail: \":\n%s", tc.wantLines, stderr)
			}
			for _, want := range tc.wantErr {
				if !strings.Contains(stderr, want) {
					t.Errorf("stderr does not mention %q:\n%s", want, stderr)
				}
			}
		})
	}
}

// closedAddr is a loopback address where nothing listens.
func closedAddr(t *testing.T) string {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	if err := l.Close(); err != nil {
		t.Fatal(err)
	}
	return addr
}
