package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dstail/dstail/app"
)

// fakeOpenCode lists two sessions and no busy ones.
func fakeOpenCode(t *testing.T, wantAuth string) *httptest.Server {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if wantAuth != "" && r.Header.Get("Authorization") != wantAuth {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/session":
			w.Write([]byte(`[{"id":"ses_old","title":"Old work","time":{"created":1,"updated":2}},
				{"id":"ses_new","title":"Fix \u001b[31mthe bug","time":{"created":3,"updated":4}}]`))
		case "/session/status":
			w.Write([]byte(`{}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}

func TestCompleteSessionIDs(t *testing.T) {
	srv := fakeOpenCode(t, basic("me", "pw"))
	t.Setenv("TEST_DSTAIL_PW", "pw")
	useConfig(t, "[servers.oc]\nurl = \""+srv.URL+"\"\nusername = \"me\"\npassword-env = \"TEST_DSTAIL_PW\"\n")
	code, out, errb := runCLI(t, "__complete", "--server", "oc", "ses_")
	want := "ses_new\tFix the bug\nses_old\tOld work\n:4\n"
	if code != app.ExitOK || !strings.HasPrefix(out, want) {
		t.Fatalf("exit %d, stdout %q, want %q…; stderr %q", code, out, want, errb)
	}
	// IDs already on the command line are not offered again.
	if _, out, _ = runCLI(t, "__complete", "--server", "oc", "ses_new", ""); !strings.HasPrefix(out, "ses_old\tOld work\n:4\n") {
		t.Fatalf("second ID: %q", out)
	}
	// Stream names and URLs are not completed from the session list.
	if _, out, _ = runCLI(t, "__complete", "--server", "oc", "http"); !strings.HasPrefix(out, ":4\n") {
		t.Fatalf("URL prefix: %q", out)
	}
	// Named servers complete for --server.
	if _, out, _ = runCLI(t, "__complete", "--server", ""); !strings.HasPrefix(out, "oc\t"+srv.URL+"\n") {
		t.Fatalf("--server names: %q", out)
	}
}

func TestCompletionFailsSilently(t *testing.T) {
	for name, server := range map[string]string{
		"unreachable":  "http://127.0.0.1:1",
		"unauthorized": fakeOpenCode(t, "Basic nobody").URL,
	} {
		code, out, errb := runCLI(t, "__complete", "--server", server, "ses_")
		if code != app.ExitOK || !strings.HasPrefix(out, ":4\n") || strings.Contains(out, "ses_") || strings.Contains(errb, "dstail:") {
			t.Errorf("%s: exit %d, stdout %q, stderr %q; want no completions and no error", name, code, out, errb)
		}
	}
}

func TestCompletionScripts(t *testing.T) {
	for shell, marker := range map[string]string{
		"bash": "__start_dstail", "zsh": "#compdef dstail", "fish": "complete -c dstail", "powershell": "Register-ArgumentCompleter",
	} {
		code, out, errb := runCLI(t, "completion", shell)
		if code != app.ExitOK || !strings.Contains(out, marker) {
			t.Errorf("completion %s: exit %d, %d bytes without %q; stderr %q", shell, code, len(out), marker, errb)
		}
	}
	if code, _, errb := runCLI(t, "completion", "tcsh"); code != app.ExitUsage || !strings.Contains(errb, "bash, zsh, fish, powershell") {
		t.Fatalf("completion tcsh: exit %d, %q", code, errb)
	}
}

func TestVersionCommand(t *testing.T) {
	code, out, _ := runCLI(t, "version")
	lines := strings.Split(out, "\n")
	if code != app.ExitOK || lines[0] != "dstail "+versionLine() || !strings.HasPrefix(lines[1], "go go1.") {
		t.Fatalf("version: exit %d, %q", code, out)
	}
	if _, flagOut, _ := runCLI(t, "--version"); flagOut != lines[0]+"\n" {
		t.Fatalf("--version = %q, version's first line %q", flagOut, lines[0])
	}
	if code, _, _ := runCLI(t, "version", "x"); code != app.ExitUsage {
		t.Fatalf("version x: exit %d", code)
	}
}

func TestLineFlagErrors(t *testing.T) {
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--parts", "text,txt"}, `--parts: unknown part kind "txt"`},
		{[]string{"--include", "("}, `--include "(": missing closing )`},
		{[]string{"--exclude", "a", "--exclude", "[z-a]"}, `--exclude "[z-a]": invalid character class range`},
		{[]string{"--timestamps=long"}, "--timestamps must be short or rfc3339"},
		{[]string{"--json", "--include", "x"}, "--json writes every record unchanged"},
		{[]string{"--json", "--timestamps"}, "--json writes every record unchanged"},
		// Valid line flags pass on to the next check.
		{[]string{"--timestamps", "--parts", "tool", "--parts", "text", "--include", "x", "--live", "bogus"}, "--live must be sse or long-poll"},
	}
	for _, tt := range tests {
		code, out, errb := runCLI(t, append(tt.args, "--no-save", "http://127.0.0.1:1/x")...)
		if first := firstLine(errb); code != app.ExitUsage || out != "" || !strings.HasPrefix(first, "dstail: ") || !strings.Contains(first, tt.want) {
			t.Errorf("%v: exit %d, stderr %q; want dstail: %s…", tt.args, code, errb, tt.want)
		}
	}
	t.Setenv("DSTAIL_PARTS", "tool,nope")
	if code, _, errb := runCLI(t, "http://127.0.0.1:1/x"); code != app.ExitUsage || !strings.Contains(errb, `"nope"`) {
		t.Fatalf("DSTAIL_PARTS: exit %d, %q", code, errb)
	}
}
