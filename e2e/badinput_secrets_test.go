package e2e

import (
	"encoding/base64"
	"io/fs"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// secrets are the credentials a run is given; none may be printed or saved.
var secrets = []string{"alice", "hunter2", "tok3n", "b3arer", base64.StdEncoding.EncodeToString([]byte("alice:hunter2"))}

func checkNoSecrets(t *testing.T, where, text string) {
	t.Helper()
	for _, s := range secrets {
		if strings.Contains(text, s) {
			t.Errorf("%s shows the credential %q:\n%s", where, s, text)
		}
	}
}

// checkStateFiles requires every saved file to be private (0600 in 0700
// directories) and free of credentials.
func checkStateFiles(t *testing.T, stateHome string) {
	t.Helper()
	files := 0
	err := filepath.WalkDir(filepath.Join(stateHome, "dstail"), func(path string, d fs.DirEntry, err error) error {
		if err != nil {
			return err
		}
		info, err := d.Info()
		if err != nil {
			return err
		}
		want := fs.FileMode(0o600)
		if d.IsDir() {
			want = 0o700
		} else {
			files++
			data, err := os.ReadFile(path)
			if err != nil {
				return err
			}
			checkNoSecrets(t, "state file "+d.Name(), string(data))
		}
		if info.Mode().Perm() != want {
			t.Errorf("%s has mode %v, want %v", path, info.Mode().Perm(), want)
		}
		return nil
	})
	if err != nil || files == 0 {
		t.Fatalf("no state files under %s: %v", stateHome, err)
	}
}

// TestCredentialsNeverShown follows a stream through a URL with userinfo
// and a token plus a bearer header: the records, notices, errors and saved
// files never show them, and the saved files are private.
func TestCredentialsNeverShown(t *testing.T) {
	t.Parallel()
	f := newFakeStream(t, false, nil, false)
	url := strings.Replace(f.url(), "://", "://alice:hunter2@", 1) + "?token=tok3n"
	state := t.TempDir()
	stdout, stderr, code := runDstail(t, state, "--json", "-H", "Authorization: Bearer b3arer", url)
	if code != 0 {
		t.Fatalf("exit %d; stderr:\n%s", code, stderr)
	}
	checkMessages(t, "the run", stdout, 1, 2, 3)
	checkNoSecrets(t, "stdout", stdout)
	checkNoSecrets(t, "stderr", stderr)
	checkStateFiles(t, state)

	refuse := answer(http.StatusUnauthorized, "alice hunter2")
	f.fault.Store(&refuse)
	_, stderr, code = runDstail(t, t.TempDir(), "--json", "-H", "Authorization: Bearer b3arer", url)
	if code != 1 {
		t.Errorf("401: exit %d, want 1", code)
	}
	checkOneLine(t, stderr, []string{"HTTP 401"}, nil)
	checkNoSecrets(t, "stderr of a 401", stderr)
}

// TestSessionPasswordNeverShown: the OpenCode basic-auth password stays out
// of the error of a server that refuses it.
func TestSessionPasswordNeverShown(t *testing.T) {
	t.Parallel()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	server := strings.Replace(srv.URL, "://", "://alice:hunter2@", 1)
	// --password-file: -p would add a warning that ps shows it.
	pwFile := filepath.Join(t.TempDir(), "pw")
	if err := os.WriteFile(pwFile, []byte("hunter2\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	_, stderr, code := runDstail(t, t.TempDir(), "--json", "-u", "alice", "--password-file", pwFile, "--server", server, "ses_1")
	if code != 1 {
		t.Errorf("exit %d, want 1; stderr:\n%s", code, stderr)
	}
	checkOneLine(t, stderr, []string{"HTTP 401"}, nil)
	checkNoSecrets(t, "stderr", stderr)
}
