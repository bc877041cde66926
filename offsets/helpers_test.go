package offsets

import (
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// newTestStore returns a Store in a fresh temp dir (one level down, so tests
// also cover directory creation).
func newTestStore(t *testing.T, opts ...Option) *Store {
	t.Helper()
	return NewStore(filepath.Join(t.TempDir(), "offsets"), opts...)
}

func mustKey(t *testing.T, server, stream string) Key {
	t.Helper()
	k, err := NewKey(server, stream)
	if err != nil {
		t.Fatalf("NewKey(%q, %q): %v", server, stream, err)
	}
	return k
}

func mustOpen(t *testing.T, s *Store, k Key) *Saver {
	t.Helper()
	sv, err := s.Open(k)
	if err != nil {
		t.Fatalf("Open(%v): %v", k, err)
	}
	t.Cleanup(func() { _ = sv.Close() })
	return sv
}

func mustLoad(t *testing.T, s *Store, k Key) Position {
	t.Helper()
	pos, found, err := s.Load(k)
	if err != nil || !found {
		t.Fatalf("Load(%v) = %+v, found %v, err %v", k, pos, found, err)
	}
	return pos
}

// waitFor polls cond; the deadline is generous because it only bounds a hang.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(time.Millisecond)
	}
}

// tempFiles lists leftover temp files in dir.
func tempFiles(t *testing.T, dir string) []string {
	t.Helper()
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var out []string
	for _, e := range entries {
		if strings.Contains(e.Name(), ".tmp-") {
			out = append(out, e.Name())
		}
	}
	return out
}

// faultyDisk wraps real temp files and fails the chosen step while armed.
type faultyDisk struct {
	mu   sync.Mutex
	step string // "create", "write" or "sync"; "" = healthy
	err  error
}

func (d *faultyDisk) fail(step string, err error) {
	d.mu.Lock()
	defer d.mu.Unlock()
	d.step, d.err = step, err
}

func (d *faultyDisk) armed(step string) error {
	d.mu.Lock()
	defer d.mu.Unlock()
	if d.step == step {
		return d.err
	}
	return nil
}

func (d *faultyDisk) createTemp(dir, pattern string) (tempFile, error) {
	if err := d.armed("create"); err != nil {
		return nil, err
	}
	f, err := os.CreateTemp(dir, pattern)
	if err != nil {
		return nil, err
	}
	return &faultyFile{File: f, disk: d}, nil
}

type faultyFile struct {
	*os.File
	disk *faultyDisk
}

// Write writes half the data before failing, like a disk that fills up.
func (f *faultyFile) Write(p []byte) (int, error) {
	if err := f.disk.armed("write"); err != nil {
		n, _ := f.File.Write(p[:len(p)/2])
		return n, err
	}
	return f.File.Write(p)
}

func (f *faultyFile) Sync() error {
	if err := f.disk.armed("sync"); err != nil {
		return err
	}
	return f.File.Sync()
}
