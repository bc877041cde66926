package e2e

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dstail/dstail/offsets"
)

// statePath is where dstail saves the position of f's stream under stateHome.
func statePath(t *testing.T, stateHome string, f *fakeStream) string {
	t.Helper()
	key, err := offsets.NewKey(f.url(), streamPath)
	if err != nil {
		t.Fatal(err)
	}
	path, err := offsets.NewStore(filepath.Join(stateHome, "dstail", "offsets")).Path(key)
	if err != nil {
		t.Fatal(err)
	}
	return path
}

// TestBadStateFiles spoils the saved position of a finished run: dstail
// warns in one line, starts from the start (repeating, never losing), exits
// 0 and saves a good position again, so a third run prints nothing.
func TestBadStateFiles(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name  string
		spoil func(path string) error
	}{
		{"corrupt", func(p string) error { return os.WriteFile(p, []byte{0, 1, 2, 0xff, '{'}, 0o600) }},
		{"truncated", func(p string) error {
			data, err := os.ReadFile(p)
			if err != nil {
				return err
			}
			return os.WriteFile(p, data[:len(data)/2], 0o600)
		}},
		{"future version", func(p string) error {
			return os.WriteFile(p, []byte(`{"version":99,"position":{"offset":"x"}}`), 0o600)
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeStream(t, false, nil, false)
			state := t.TempDir()
			stdout, stderr, code := runDstail(t, state, "--json", f.url())
			if code != 0 {
				t.Fatalf("first run: exit %d; stderr:\n%s", code, stderr)
			}
			checkMessages(t, "the first run", stdout, 1, 2, 3)
			path := statePath(t, state, f)
			if err := os.Remove(strings.TrimSuffix(path, filepath.Ext(path)) + ".live"); err != nil {
				t.Fatalf("no journal beside %s: %v", path, err)
			}
			if err := tt.spoil(path); err != nil {
				t.Fatal(err)
			}
			stdout, stderr, code = runDstail(t, state, "--json", f.url())
			if code != 0 {
				t.Fatalf("spoilt run: exit %d; stderr:\n%s", code, stderr)
			}
			checkMessages(t, "the run on a spoilt file", stdout, 1, 2, 3)
			checkOneLine(t, stderr, []string{"ignoring saved position", path}, nil)
			stdout, stderr, code = runDstail(t, state, "--json", f.url())
			if code != 0 || stderr != "" {
				t.Fatalf("third run: exit %d; stderr:\n%s", code, stderr)
			}
			checkMessages(t, "the third run", stdout)
		})
	}
}

// TestUnreadableStateFile puts a directory where the position file goes:
// the run warns, follows from the start, and says at the end that it could
// not save (exit 1), since a later run would repeat what this one printed.
func TestUnreadableStateFile(t *testing.T) {
	t.Parallel()
	f := newFakeStream(t, false, nil, false)
	state := t.TempDir()
	path := statePath(t, state, f)
	if err := os.MkdirAll(path, 0o700); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runDstail(t, state, "--json", f.url())
	checkMessages(t, "the run", stdout, 1, 2, 3)
	if code != 1 || !strings.Contains(stderr, "ignoring saved position") || !strings.Contains(stderr, "saving position") {
		t.Errorf("exit %d, want 1 with a warning and a save error; stderr:\n%s", code, stderr)
	}
	for _, line := range strings.Split(strings.TrimSuffix(stderr, "\n"), "\n") {
		if !strings.HasPrefix(line, "dstail: ") {
			t.Errorf("stderr line %q is not a dstail: line", line)
		}
	}
}

// TestUnwritableStateDir: a state directory that cannot exist stops the run
// before anything is read, and --no-save is the way around it.
func TestUnwritableStateDir(t *testing.T) {
	t.Parallel()
	f := newFakeStream(t, false, nil, false)
	file := filepath.Join(t.TempDir(), "a-file")
	if err := os.WriteFile(file, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	stdout, stderr, code := runDstail(t, t.TempDir(), "--json", "--state-dir", filepath.Join(file, "offsets"), f.url())
	if code != 1 || stdout != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	checkOneLine(t, stderr, []string{"--no-save"}, nil)
	stdout, stderr, code = runDstail(t, t.TempDir(), "--json", "--no-save", "--state-dir", filepath.Join(file, "offsets"), f.url())
	if code != 0 || stderr != "" {
		t.Errorf("--no-save: exit %d; stderr:\n%s", code, stderr)
	}
	checkMessages(t, "the --no-save run", stdout, 1, 2, 3)
}
