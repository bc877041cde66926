package main

import (
	"encoding/base64"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"

	"github.com/dstail/dstail/app"
)

// useConfig writes a config file and points DSTAIL_CONFIG at it.
func useConfig(t *testing.T, content string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "config.toml")
	if err := os.WriteFile(path, []byte(content), 0o600); err != nil {
		t.Fatal(err)
	}
	t.Setenv("DSTAIL_CONFIG", path)
	return path
}

func firstLine(s string) string { return strings.SplitN(s, "\n", 2)[0] }

func TestConfigPrecedence(t *testing.T) {
	useConfig(t, "live = \"from-file\"\nidle-timeout = \"1s\"\n")
	code, _, errb := runCLI(t, "http://h/x")
	if code != app.ExitUsage || !strings.Contains(errb, `"from-file"`) {
		t.Fatalf("file not applied: exit %d, %q", code, errb)
	}
	t.Setenv("DSTAIL_LIVE", "from-env")
	if code, _, errb = runCLI(t, "http://h/x"); code != app.ExitUsage || !strings.Contains(errb, `"from-env"`) {
		t.Fatalf("env should beat the file: exit %d, %q", code, errb)
	}
	if code, _, errb = runCLI(t, "--live", "from-flag", "http://h/x"); code != app.ExitUsage || !strings.Contains(errb, `"from-flag"`) {
		t.Fatalf("flag should beat env and file: exit %d, %q", code, errb)
	}
}

func TestConfigErrorsNameTheLine(t *testing.T) {
	tests := []struct {
		name, content, want string
	}{
		{"unknown key", "json = true\n\nidel-timeout = \"30s\"\n", `:3: unknown key "idel-timeout"`},
		{"malformed", "json = true\nlive = \"sse\n", ":2: malformed TOML"},
		{"bad value", "\nidle-timeout = \"soon\"\n", `:2: idle-timeout: invalid value "soon", want a duration such as 30s or 2m`},
		{"list for one value", "live = [\"sse\", \"long-poll\"]\n", ":1: live takes one value, not a list"},
		{"bool as string", "json = \"yes\"\n", `:1: json: invalid value "yes", want true or false`},
		{"password", "password = \"hunter2\"\n", ":1: the password is not kept in the config file"},
		{"config in config", "config = \"x.toml\"\n", `:1: unknown key "config"`},
		{"bad server table", "[servers.w]\nurl = \"ftp://h\"\n", ":1: servers.w: url is not an http(s) URL"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			path := useConfig(t, tt.content)
			code, out, errb := runCLI(t, "--no-save", "http://127.0.0.1:1/x")
			if code != app.ExitUsage || out != "" {
				t.Fatalf("exit %d, stdout %q; want %d", code, out, app.ExitUsage)
			}
			if first := firstLine(errb); !strings.HasPrefix(first, "dstail: "+path+tt.want) {
				t.Fatalf("stderr %q, want dstail: %s%s…", first, path, tt.want)
			}
			if strings.Contains(errb, "hunter2") {
				t.Fatalf("stderr shows the password: %q", errb)
			}
		})
	}
}

func TestConfigFileMissing(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.toml")
	code, _, errb := runCLI(t, "--config", missing, "http://127.0.0.1:1/x")
	if code != app.ExitUsage || !strings.HasPrefix(errb, "dstail: config file "+missing+" does not exist") {
		t.Fatalf("exit %d, %q", code, errb)
	}
	// The default file is optional: without one, nothing changes.
	if code, _, errb := runCLI(t, "--live", "bogus", "http://127.0.0.1:1/x"); code != app.ExitUsage || !strings.Contains(errb, "--live must be") {
		t.Fatalf("without a config file: exit %d, %q", code, errb)
	}
}

// authServer answers 404 to everything and records the Authorization
// headers it was sent.
func authServer(t *testing.T) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var seen []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		seen = append(seen, r.Header.Get("Authorization"))
		mu.Unlock()
		http.NotFound(w, r)
	}))
	t.Cleanup(srv.Close)
	return srv, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), seen...)
	}
}

func basic(user, pw string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+pw))
}

func TestNamedServer(t *testing.T) {
	srv, seen := authServer(t)
	t.Setenv("TEST_DSTAIL_PW", "s3cret")
	// The OpenCode variables are for the local server: a named one keeps its own.
	t.Setenv("OPENCODE_SERVER_USERNAME", "local")
	t.Setenv("OPENCODE_SERVER_PASSWORD", "local-pw")
	useConfig(t, `
[servers.work]
url = "`+srv.URL+`"
username = "me"
password-env = "TEST_DSTAIL_PW"

[servers.cmd]
url = "`+srv.URL+`"
password-command = "printf 'from-command\n'"
`)
	tests := []struct {
		args []string
		want string
	}{
		{[]string{"--server", "work"}, basic("me", "s3cret")},
		{[]string{"--server", "work", "-p", "flag-pw"}, basic("me", "flag-pw")},
		{[]string{"--server", "cmd", "-u", "u"}, basic("u", "from-command")},
		{[]string{"--server", srv.URL}, basic("local", "local-pw")},
	}
	for _, tt := range tests {
		before := len(seen())
		args := append(tt.args, "--no-save", "--once", "ses_abc")
		code, _, errb := runCLI(t, args...)
		if code != app.ExitNotFound {
			t.Fatalf("%v: exit %d, want %d (the server answers 404); stderr %q", tt.args, code, app.ExitNotFound, errb)
		}
		got := seen()[before:]
		if len(got) == 0 || got[0] != tt.want {
			t.Errorf("%v: Authorization %q, want %q", tt.args, got, tt.want)
		}
		for _, secret := range []string{"s3cret", "flag-pw", "from-command", "local-pw"} {
			if strings.Contains(errb, secret) {
				t.Errorf("%v: stderr shows a password: %q", tt.args, errb)
			}
		}
	}
	code, _, errb := runCLI(t, "--server", "home", "ses_abc")
	if code != app.ExitUsage || !strings.Contains(firstLine(errb), `--server "home" is not an http(s) URL nor a server in`) || !strings.Contains(errb, "named: cmd, work") {
		t.Fatalf("unknown name: exit %d, %q", code, errb)
	}
}

func TestPasswordCommandFailureIsOneLine(t *testing.T) {
	srv, seen := authServer(t)
	useConfig(t, "[servers.w]\nurl = \""+srv.URL+"\"\npassword-command = \"echo locked >&2; exit 1\"\n")
	code, _, errb := runCLI(t, "--server", "w", "--no-save", "--once", "ses_abc")
	if code != app.ExitError || strings.Count(errb, "\n") != 1 || !strings.Contains(errb, "servers.w: password-command: exit status 1: locked") {
		t.Fatalf("exit %d, stderr %q", code, errb)
	}
	if len(seen()) != 0 {
		t.Fatal("dstail asked the server without the password")
	}
}
