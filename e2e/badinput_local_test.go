package e2e

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dstail/dstail/sanitize"
)

// TestLocalBadInputExitsAtOnce: a mistake in a URL, --server, a named
// server or -H is a usage error: exit 2 within a second, one line, and no
// request reaches the server (it used to be retried until killed).
func TestLocalBadInputExitsAtOnce(t *testing.T) {
	t.Parallel()
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	stream := srv.URL + "/v1/stream/s"
	tests := []struct {
		name   string
		config string // written to dstail/config.toml under XDG_CONFIG_HOME
		args   []string
		want   string
	}{
		{"header with CR LF", "", []string{"-H", "X: a\r\nY: b", stream}, "control character"},
		{"header with a bare CR", "", []string{"-H", "X: a\rb", stream}, "control character"}, // argv cannot carry NUL; the unit test covers it
		{"header name", "", []string{"-H", "X Y: b", stream}, "not a valid header name"},
		{"stream port", "", []string{"http://127.0.0.1:99999/v1/stream/s"}, "port 99999, outside 1-65535"},
		{"stream scheme", "", []string{"gopher://127.0.0.1/s"}, `scheme "gopher"`},
		{"--server port", "", []string{"--server", "http://127.0.0.1:99999", "ses_a"}, "port 99999"},
		{"sessions --server port", "", []string{"sessions", "--server", "http://127.0.0.1:99999"}, "port 99999"},
		{"named server port", "[servers.w]\nurl = \"http://127.0.0.1:99999\"\n", []string{"--server", "w", "ses_a"}, "servers.w: url"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			home := t.TempDir()
			if tt.config != "" {
				if err := os.MkdirAll(filepath.Join(home, "dstail"), 0o700); err != nil {
					t.Fatal(err)
				}
				if err := os.WriteFile(filepath.Join(home, "dstail", "config.toml"), []byte(tt.config), 0o600); err != nil {
					t.Fatal(err)
				}
			}
			start := time.Now()
			stdout, stderr, code := runDstail(t, home, tt.args...)
			took := time.Since(start)
			if code != 2 || stdout != "" {
				t.Errorf("exit %d, stdout %q; want 2 and nothing; stderr:\n%s", code, stdout, stderr)
			}
			if took > time.Second {
				t.Errorf("took %v to exit, want under a second", took)
			}
			first, _, _ := strings.Cut(stderr, "\n")
			if !strings.HasPrefix(first, "dstail: ") || !strings.Contains(first, tt.want) {
				t.Errorf("first stderr line %q, want one naming %q", first, tt.want)
			}
		})
	}
	if n := requests.Load(); n != 0 {
		t.Errorf("%d requests reached the server", n)
	}
}

// TestPlantedStateLinks puts a symbolic link where each state file of a
// finished run was: the next run refuses with one line, writes nothing
// through the link and never creates a dangling link's target.
func TestPlantedStateLinks(t *testing.T) {
	t.Parallel()
	for _, suffix := range []string{".live", ".lock", ".json"} {
		for _, dangling := range []bool{false, true} {
			name := suffix
			if dangling {
				name += " dangling"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				f := newFakeStream(t, false, nil, false)
				state := t.TempDir()
				if _, stderr, code := runDstail(t, state, "--json", f.url()); code != 0 {
					t.Fatalf("first run: exit %d; stderr:\n%s", code, stderr)
				}
				path := strings.TrimSuffix(statePath(t, state, f), ".json") + suffix
				victim := filepath.Join(t.TempDir(), "victim")
				if !dangling {
					if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				if err := os.Remove(path); err != nil && !os.IsNotExist(err) {
					t.Fatal(err)
				}
				if err := os.Symlink(victim, path); err != nil {
					t.Fatal(err)
				}
				stdout, stderr, code := runDstail(t, state, "--json", f.url())
				if code != 1 || stdout != "" {
					t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
				}
				checkOneLine(t, stderr, []string{"symbolic link", path, "remove it"}, nil)
				data, err := os.ReadFile(victim)
				switch {
				case dangling && err == nil:
					t.Errorf("the dangling link's target was created: %q", data)
				case !dangling && string(data) != "precious\n":
					t.Errorf("the link's target now holds %q (%v)", data, err)
				}
			})
		}
	}
}

// TestSharedStateDirIsRefused: a --state-dir others can write, or a
// default one made group-writable, stops the run before anything is read,
// with the command that fixes it; after the fix the run works.
func TestSharedStateDirIsRefused(t *testing.T) {
	t.Parallel()
	f := newFakeStream(t, false, nil, false)
	shared := filepath.Join(t.TempDir(), "shared")
	if err := os.Mkdir(shared, 0o700); err != nil {
		t.Fatal(err)
	}
	if err := os.Chmod(shared, 0o777); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runDstail(t, t.TempDir(), "--json", "--state-dir", shared, f.url())
	if code != 1 || stdout != "" {
		t.Errorf("--state-dir 0777: exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	checkOneLine(t, stderr, []string{"writable by other users", "chmod go-w " + shared}, nil)

	home := t.TempDir()
	if _, stderr, code := runDstail(t, home, "--json", f.url()); code != 0 {
		t.Fatalf("default dir: exit %d; stderr:\n%s", code, stderr)
	}
	offsets := filepath.Join(home, "dstail", "offsets")
	if err := os.Chmod(offsets, 0o770); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = runDstail(t, home, "--json", "--from", "start", f.url())
	if code != 1 || stdout != "" {
		t.Errorf("default dir 0770: exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	checkOneLine(t, stderr, []string{"chmod go-w " + offsets}, nil)
	if _, _, code := runDstail(t, home, "state", "ls"); code != 1 {
		t.Errorf("state ls in a shared dir: exit %d, want 1", code)
	}
	if err := os.Chmod(offsets, 0o700); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code = runDstail(t, home, "--json", "--from", "start", f.url())
	if code != 0 {
		t.Errorf("after chmod: exit %d; stderr:\n%s", code, stderr)
	}
	checkMessages(t, "the run after chmod", stdout, 1, 2, 3)
}

// TestSessionsListIsInert lists sessions whose titles, IDs and directories
// carry the 8-bit CSI, bidi overrides and zero-width characters: neither the
// table nor --json lets one through raw, and --json keeps the exact title.
func TestSessionsListIsInert(t *testing.T) {
	t.Parallel()
	const title = "fix\u009b2J\u202egnp.exe\u2067\u200b\ufeff\u200d\x1b]0;pwned\x07"
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Path {
		case "/session":
			_ = json.NewEncoder(w).Encode([]map[string]any{{
				"id": "ses_\u202eab", "title": title, "directory": "/w/\u2066x",
				"time": map[string]int64{"created": 1, "updated": time.Now().UnixMilli()},
			}})
		case "/session/status":
			_, _ = w.Write([]byte(`{"ses_\u202eab":{"type":"busy\u200b"}}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	for _, asJSON := range []bool{false, true} {
		args := []string{"sessions", "--server", srv.URL}
		if asJSON {
			args = append(args, "--json")
		}
		stdout, stderr, code := runDstail(t, t.TempDir(), args...)
		if code != 0 || stdout == "" {
			t.Fatalf("%v: exit %d, stdout %q; stderr:\n%s", args, code, stdout, stderr)
		}
		for i := 0; i < len(stdout); {
			r, size, class := sanitize.ClassAt(stdout, i)
			if class != sanitize.Printable || r == 0x1b {
				t.Fatalf("%v: %U reached stdout: %q", args, r, stdout)
			}
			i += size
		}
		if asJSON {
			var rec struct{ ID, Title string }
			if err := json.Unmarshal([]byte(stdout), &rec); err != nil || rec.Title != title || rec.ID != "ses_\u202eab" {
				t.Errorf("--json decodes to %+v (%v), want the exact title and ID", rec, err)
			}
		} else if !strings.Contains(stdout, "<U+202E>") {
			t.Errorf("the table should show the override as <U+202E>:\n%s", stdout)
		}
	}
}
