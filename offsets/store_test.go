package offsets

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"syscall"
	"testing"

	"github.com/adrg/xdg"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name string
		key  Key
		pos  Position
	}{
		{name: "durable stream", key: Key{"http://127.0.0.1:4437", "/v1/stream/a"},
			pos: Position{Offset: "0000000000000000_0000000000000013", Skip: 2, Cursor: "c9"}},
		{name: "opencode session", key: Key{"http://127.0.0.1:4096", "ses_abc"},
			pos: Position{Seq: 41, EventID: "evt_01J"}},
		{name: "unicode and quotes", key: Key{"http://h", `/s/"日本"`},
			pos: Position{Offset: `o"\n`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestStore(t)
			sv := mustOpen(t, st, tt.key)
			if _, found, err := sv.Loaded(); found || err != nil {
				t.Fatalf("fresh entry: found %v, err %v", found, err)
			}
			sv.Save(tt.pos)
			if err := sv.Close(); err != nil {
				t.Fatal(err)
			}
			if got := mustLoad(t, st, tt.key); got != tt.pos {
				t.Fatalf("Load = %+v, want %+v", got, tt.pos)
			}
			reopened := mustOpen(t, st, tt.key)
			if got, found, err := reopened.Loaded(); got != tt.pos || !found || err != nil {
				t.Fatalf("Loaded = %+v, %v, %v; want %+v", got, found, err, tt.pos)
			}
			if reopened.Position() != tt.pos {
				t.Fatalf("Position = %+v, want the loaded one", reopened.Position())
			}
		})
	}
}

func TestPermissions(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX modes only")
	}
	root := t.TempDir()
	st := NewStore(filepath.Join(root, "state", "offsets"))
	k := mustKey(t, "http://h", "/s")
	sv := mustOpen(t, st, k)
	sv.Save(Position{Offset: "1"})
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	path, _ := st.Path(k)
	for _, tc := range []struct {
		path string
		want fs.FileMode
	}{
		{filepath.Join(root, "state"), fs.ModeDir | 0o700},
		{st.Dir(), fs.ModeDir | 0o700},
		{path, 0o600},
		{strings.TrimSuffix(path, entrySuffix) + lockSuffix, 0o600},
	} {
		info, err := os.Stat(tc.path)
		if err != nil {
			t.Fatal(err)
		}
		if info.Mode() != tc.want {
			t.Errorf("%s: mode %v, want %v", tc.path, info.Mode(), tc.want)
		}
	}
}

func TestLoadMissing(t *testing.T) {
	st := newTestStore(t)
	pos, found, err := st.Load(mustKey(t, "http://h", "/s"))
	if found || err != nil || !pos.IsZero() {
		t.Fatalf("Load of missing entry = %+v, %v, %v; want nothing, no error", pos, found, err)
	}
}

func TestCorruptFiles(t *testing.T) {
	k := mustKey(t, "http://h", "/s")
	otherKey := `{"version":1,"server":"http://h","stream":"/other","position":{"offset":"9"}}`
	tests := []struct {
		name  string
		write func(path string) error
	}{
		{"empty", func(p string) error { return os.WriteFile(p, nil, 0o600) }},
		{"truncated", func(p string) error { return os.WriteFile(p, []byte(validFile[:30]), 0o600) }},
		{"garbage", func(p string) error { return os.WriteFile(p, []byte{0, 1, 2, 0xff}, 0o600) }},
		{"future version", func(p string) error { return os.WriteFile(p, []byte(`{"version":99}`), 0o600) }},
		{"another key", func(p string) error { return os.WriteFile(p, []byte(otherKey), 0o600) }},
		{"unreadable (a directory)", func(p string) error { return os.Mkdir(p, 0o700) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestStore(t)
			path, _ := st.Path(k)
			if err := os.MkdirAll(st.Dir(), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := tt.write(path); err != nil {
				t.Fatal(err)
			}
			var ce *CorruptError
			if _, found, err := st.Load(k); found || !errors.As(err, &ce) || ce.Path != path {
				t.Fatalf("Load: found %v, err %v; want *CorruptError for %s", found, err, path)
			}
			sv := mustOpen(t, st, k)
			if _, found, err := sv.Loaded(); found || !errors.As(err, &ce) {
				t.Fatalf("Loaded: found %v, err %v; want *CorruptError", found, err)
			}
			if tt.name == "unreadable (a directory)" {
				return // rename cannot replace a directory; the error is enough
			}
			// Starting fresh replaces the bad file.
			want := Position{Offset: "fresh"}
			sv.Save(want)
			if err := sv.Close(); err != nil {
				t.Fatal(err)
			}
			if got := mustLoad(t, st, k); got != want {
				t.Fatalf("after fresh start Load = %+v, want %+v", got, want)
			}
		})
	}
}

func TestUnwritableDir(t *testing.T) {
	type dirCase struct {
		name  string
		setup func(t *testing.T) string // returns the store directory
	}
	tests := []dirCase{
		{"parent is a file", func(t *testing.T) string {
			file := filepath.Join(t.TempDir(), "file")
			if err := os.WriteFile(file, nil, 0o600); err != nil {
				t.Fatal(err)
			}
			return filepath.Join(file, "offsets")
		}},
	}
	if runtime.GOOS != "windows" && os.Geteuid() != 0 { // root ignores modes
		tests = append(tests, dirCase{"read-only dir with existing lock file", func(t *testing.T) string {
			dir := t.TempDir()
			st := NewStore(dir)
			sv := mustOpen(t, st, mustKey(t, "http://h", "/s"))
			if err := sv.Close(); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(dir, 0o500); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = os.Chmod(dir, 0o700) })
			return dir
		}})
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			dir := tt.setup(t)
			_, err := NewStore(dir).Open(mustKey(t, "http://h", "/s"))
			if !errors.Is(err, ErrUnwritable) || !strings.Contains(err.Error(), dir) {
				t.Fatalf("Open err = %v, want ErrUnwritable naming %s", err, dir)
			}
		})
	}
}

// TestOpenProbesWritability covers a directory that exists and can be locked
// in but not written (root ignores modes, so the refusal is injected).
func TestOpenProbesWritability(t *testing.T) {
	disk := &faultyDisk{}
	disk.fail("create", syscall.EACCES)
	st := newTestStore(t)
	st.createTemp = disk.createTemp
	k := mustKey(t, "http://h", "/s")
	_, err := st.Open(k)
	if !errors.Is(err, ErrUnwritable) || !errors.Is(err, syscall.EACCES) {
		t.Fatalf("Open err = %v, want ErrUnwritable wrapping EACCES", err)
	}
	// The failed Open released its lock.
	disk.fail("", nil)
	mustOpen(t, st, k)
}

func TestXDGStateHome(t *testing.T) {
	t.Cleanup(xdg.Reload) // registered first, so it runs after Setenv's restore
	home := t.TempDir()
	t.Setenv("XDG_STATE_HOME", home)
	xdg.Reload()

	dir, err := DefaultDir()
	if err != nil {
		t.Fatal(err)
	}
	if want := filepath.Join(home, "dstail", "offsets"); dir != want {
		t.Fatalf("DefaultDir = %q, want %q", dir, want)
	}
	st, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	k := mustKey(t, "http://h", "/s")
	sv := mustOpen(t, st, k)
	sv.Save(Position{Offset: "x"})
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	path, _ := st.Path(k)
	if !strings.HasPrefix(path, dir+string(filepath.Separator)) {
		t.Fatalf("entry %s is outside %s", path, dir)
	}
	if _, err := os.Stat(path); err != nil {
		t.Fatal(err)
	}
}

func TestUserinfoNeverWritten(t *testing.T) {
	st := newTestStore(t)
	k := Key{Server: "http://alice:hunter2@127.0.0.1:4437/base", Stream: "/v1/stream/a"}
	sv := mustOpen(t, st, k) // a raw Key literal, not via NewKey
	if sv.Key().Server != "http://127.0.0.1:4437" {
		t.Fatalf("Saver key server = %q", sv.Key().Server)
	}
	sv.Save(Position{Offset: "1"})
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	err := filepath.WalkDir(st.Dir(), func(path string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		data, err := os.ReadFile(path)
		if err != nil {
			return err
		}
		for _, secret := range []string{"alice", "hunter2"} {
			if strings.Contains(path, secret) || strings.Contains(string(data), secret) {
				t.Errorf("%s holds %q", path, secret)
			}
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, st, k); got.Offset != "1" {
		t.Fatalf("Load with the credentialed URL = %+v", got)
	}
}

func TestOpenRemovesStaleTempFiles(t *testing.T) {
	st := newTestStore(t)
	k := mustKey(t, "http://h", "/s")
	path, _ := st.Path(k)
	if err := os.MkdirAll(st.Dir(), 0o700); err != nil {
		t.Fatal(err)
	}
	stale := path + ".tmp-12345"
	foreign := filepath.Join(st.Dir(), "other.json.tmp-1")
	for _, p := range []string{stale, foreign} {
		if err := os.WriteFile(p, []byte("{"), 0o600); err != nil {
			t.Fatal(err)
		}
	}
	mustOpen(t, st, k)
	if _, err := os.Stat(stale); !errors.Is(err, fs.ErrNotExist) {
		t.Errorf("stale temp file of this key survived Open: %v", err)
	}
	if _, err := os.Stat(foreign); err != nil {
		t.Errorf("temp file of another key was touched: %v", err)
	}
}
