package main

import (
	"path/filepath"
	"strings"
	"testing"

	"github.com/dstail/dstail/app"
)

// TestPasswordSources: -p on the command line works but warns that ps shows
// it; --password-file, -p - and the variables do not warn; bad files are
// usage errors. The password never reaches stderr.
func TestPasswordSources(t *testing.T) {
	srv, seen := authServer(t)
	useConfig(t, "[servers.named]\nurl = \""+srv.URL+"\"\npassword-env = \"TEST_DSTAIL_NAMED_PW\"\n")
	t.Setenv("TEST_DSTAIL_NAMED_PW", "named-pw")
	file := writeFile(t, "pw", []byte("file-pw\r\nsecond line\n"))
	empty := writeFile(t, "empty", nil)
	tests := []struct {
		name  string
		args  []string
		env   string // OPENCODE_SERVER_PASSWORD
		stdin string
		code  int
		want  string // Authorization sent
		warn  bool
		err   string
	}{
		{"flag warns", []string{"-p", "flag-pw"}, "", "", app.ExitNotFound, basic("opencode", "flag-pw"), true, ""},
		{"variable is quiet", nil, "env-pw", "", app.ExitNotFound, basic("opencode", "env-pw"), false, ""},
		{"file", []string{"--password-file", file}, "", "", app.ExitNotFound, basic("opencode", "file-pw"), false, ""},
		{"file beats a named server", []string{"--server", "named", "--password-file", file}, "", "", app.ExitNotFound, basic("opencode", "file-pw"), false, ""},
		{"stdin with -p -", []string{"-p", "-"}, "", "in-pw\n", app.ExitNotFound, basic("opencode", "in-pw"), false, ""},
		{"stdin with --password-file -", []string{"--password-file", "-"}, "", "in2-pw", app.ExitNotFound, basic("opencode", "in2-pw"), false, ""},
		{"missing file", []string{"--password-file", filepath.Join(t.TempDir(), "nope")}, "", "", app.ExitUsage, "", false, "--password-file"},
		{"empty file", []string{"--password-file", empty}, "", "", app.ExitUsage, "", false, "no password"},
		{"empty stdin", []string{"-p", "-"}, "", "", app.ExitUsage, "", false, "no password"},
		{"both", []string{"-p", "x-pw", "--password-file", file}, "", "", app.ExitUsage, "", false, "not both"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Setenv("OPENCODE_SERVER_PASSWORD", tt.env)
			passwordStdin = strings.NewReader(tt.stdin)
			t.Cleanup(func() { passwordStdin = strings.NewReader("") })
			args := append([]string{"--server", srv.URL}, tt.args...)
			before := len(seen())
			code, _, errb := runCLI(t, append(args, "--no-save", "--once", "ses_abc")...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errb)
			}
			if got := seen()[before:]; tt.want != "" && (len(got) == 0 || got[0] != tt.want) {
				t.Errorf("Authorization %q, want %q", got, tt.want)
			}
			warned := strings.Contains(errb, "visible to other users") && strings.Contains(errb, "OPENCODE_SERVER_PASSWORD") && strings.Contains(errb, "--password-file")
			if warned != tt.warn {
				t.Errorf("warning shown %v, want %v; stderr %q", warned, tt.warn, errb)
			}
			if tt.err != "" && !strings.Contains(firstLine(errb), tt.err) {
				t.Errorf("first stderr line %q, want it to name %q", firstLine(errb), tt.err)
			}
			for _, pw := range []string{"flag-pw", "env-pw", "file-pw", "in-pw", "in2-pw", "x-pw"} {
				if strings.Contains(errb, pw) {
					t.Errorf("stderr shows the password %q: %q", pw, errb)
				}
			}
		})
	}
}

func TestSessionsPasswordFlagWarns(t *testing.T) {
	srv, seen := authServer(t)
	useConfig(t, "")
	file := writeFile(t, "pw", []byte("file-pw\n"))
	code, _, errb := runCLI(t, "sessions", "--server", srv.URL, "-p", "flag-pw")
	if code == app.ExitUsage || !strings.Contains(errb, "visible to other users") || strings.Contains(errb, "flag-pw") {
		t.Errorf("-p: exit %d, stderr %q; want a warning without the password", code, errb)
	}
	code, _, errb = runCLI(t, "sessions", "--server", srv.URL, "--password-file", file)
	if got := seen(); code == app.ExitUsage || strings.Contains(errb, "visible to other users") || got[len(got)-1] != basic("opencode", "file-pw") {
		t.Errorf("--password-file: exit %d, stderr %q, Authorization %q", code, errb, got)
	}
}
