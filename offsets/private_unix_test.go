//go:build unix

package offsets

import (
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"
)

// TestPlantedLinksAreRefused puts a symbolic link where each state file
// goes: Open refuses, the link's target keeps its content, and a dangling
// link's target is never created.
func TestPlantedLinksAreRefused(t *testing.T) {
	t.Parallel()
	for _, suffix := range []string{journalSuffix, lockSuffix, entrySuffix} {
		for _, dangling := range []bool{false, true} {
			name := suffix
			if dangling {
				name += " dangling"
			}
			t.Run(name, func(t *testing.T) {
				t.Parallel()
				s := newTestStore(t)
				k := mustKey(t, "http://h:1", "/v1/stream/s")
				if err := os.MkdirAll(s.Dir(), 0o700); err != nil {
					t.Fatal(err)
				}
				victim := filepath.Join(t.TempDir(), "victim")
				if !dangling {
					if err := os.WriteFile(victim, []byte("precious\n"), 0o600); err != nil {
						t.Fatal(err)
					}
				}
				link := s.base(k) + suffix
				if err := os.Symlink(victim, link); err != nil {
					t.Fatal(err)
				}
				sv, err := s.Open(k)
				if err == nil {
					_ = sv.Commit(Position{Offset: "5"})
					_ = sv.Close()
				}
				if !errors.Is(err, ErrInsecure) || !strings.Contains(err.Error(), link) {
					t.Fatalf("Open = %v, want ErrInsecure naming %s", err, link)
				}
				data, rerr := os.ReadFile(victim)
				switch {
				case dangling && rerr == nil:
					t.Fatalf("the dangling link's target was created: %q", data)
				case !dangling && string(data) != "precious\n":
					t.Fatalf("the link's target now holds %q (%v)", data, rerr)
				}
				if info, err := os.Lstat(link); err != nil || info.Mode()&os.ModeSymlink == 0 {
					t.Errorf("the link was replaced or removed: %v", err)
				}
			})
		}
	}
}

// TestLinkedEntryIsNotRead: a position reached only through a link is not
// loaded or listed as good.
func TestLinkedEntryIsNotRead(t *testing.T) {
	t.Parallel()
	src := newTestStore(t)
	k := mustKey(t, "http://h:1", "/v1/stream/s")
	sv := mustOpen(t, src, k)
	if err := sv.Commit(Position{Offset: "7"}); err != nil {
		t.Fatal(err)
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	s := newTestStore(t)
	if err := os.MkdirAll(s.Dir(), 0o700); err != nil {
		t.Fatal(err)
	}
	for _, suffix := range []string{entrySuffix, journalSuffix} {
		if err := os.Symlink(src.base(k)+suffix, s.base(k)+suffix); err != nil {
			t.Fatal(err)
		}
	}
	if pos, found, err := s.Load(k); found || !errors.Is(err, ErrInsecure) {
		t.Errorf("Load through links = %+v, found %v, err %v; want ErrInsecure", pos, found, err)
	}
	entries, err := s.List()
	if err != nil || len(entries) != 1 || !errors.Is(entries[0].Err, ErrInsecure) {
		t.Errorf("List = %+v, %v; want one entry with ErrInsecure", entries, err)
	}
}

// TestSharedDirIsRefused: a state directory others may write is refused by
// every operation, with the command that fixes it; once fixed it works.
func TestSharedDirIsRefused(t *testing.T) {
	t.Parallel()
	for _, mode := range []os.FileMode{0o777, 0o770, 0o1777} {
		t.Run(mode.String(), func(t *testing.T) {
			t.Parallel()
			s := newTestStore(t)
			k := mustKey(t, "http://h:1", "/v1/stream/s")
			if err := os.Mkdir(s.Dir(), 0o700); err != nil {
				t.Fatal(err)
			}
			if err := os.Chmod(s.Dir(), mode); err != nil {
				t.Fatal(err)
			}
			_, openErr := s.Open(k)
			_, _, loadErr := s.Load(k)
			_, listErr := s.List()
			removeErr := s.Remove(k)
			for name, err := range map[string]error{"Open": openErr, "Load": loadErr, "List": listErr, "Remove": removeErr} {
				if !errors.Is(err, ErrInsecure) || !strings.Contains(err.Error(), "chmod go-w "+s.Dir()) {
					t.Errorf("%s = %v, want ErrInsecure with the chmod fix", name, err)
				}
			}
			if err := os.Chmod(s.Dir(), 0o700); err != nil {
				t.Fatal(err)
			}
			mustOpen(t, s, k)
		})
	}
}

// TestDefaultDirChecksItsParent: dstail's own directory above the default
// offsets directory is checked too, and both are created private.
func TestDefaultDirChecksItsParent(t *testing.T) {
	home := t.TempDir()
	t.Setenv("XDG_STATE_HOME", home)
	xdg.Reload()
	t.Cleanup(xdg.Reload)
	s, err := Default()
	if err != nil {
		t.Fatal(err)
	}
	k := mustKey(t, "http://h:1", "/v1/stream/s")
	sv := mustOpen(t, s, k)
	_ = sv.Close()
	for _, dir := range []string{filepath.Join(home, "dstail"), s.Dir()} {
		if info, err := os.Stat(dir); err != nil || info.Mode().Perm() != 0o700 {
			t.Fatalf("%s: %v, %v; want mode 0700", dir, info.Mode(), err)
		}
	}
	if err := os.Chmod(filepath.Join(home, "dstail"), 0o777); err != nil {
		t.Fatal(err)
	}
	if _, err := s.Open(k); !errors.Is(err, ErrInsecure) {
		t.Errorf("Open under a shared dstail directory = %v, want ErrInsecure", err)
	}
}
