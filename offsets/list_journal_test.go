package offsets

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

// A process killed with -9 leaves its last commit in the journal only; the
// listing must show that position, as the next Open would load it.
func TestListShowsJournalCommits(t *testing.T) {
	st := newTestStore(t, WithInterval(time.Hour))
	key := mustKey(t, "http://127.0.0.1:1", "/v1/stream/j")
	sv := mustOpen(t, st, key)
	sv.Save(Position{Offset: "a"})
	if err := sv.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := sv.Commit(Position{Offset: "b", Skip: 3}); err != nil {
		t.Fatal(err)
	}
	entries, err := st.List()
	if err != nil || len(entries) != 1 {
		t.Fatalf("List = %+v, %v; want one entry", entries, err)
	}
	path, _ := st.Path(key)
	if e := entries[0]; e.Err != nil || e.Position != (Position{Offset: "b", Skip: 3}) || e.Path != path {
		t.Fatalf("entry = %+v, want b/3 from the journal at %s", e, path)
	}

	// Only the journal: a run killed before its first flush.
	other := filepath.Join(t.TempDir(), "offsets")
	if err := os.MkdirAll(other, 0o700); err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(journalPath(path))
	if err != nil {
		t.Fatal(err)
	}
	copied := filepath.Join(other, filepath.Base(journalPath(path)))
	if err := os.WriteFile(copied, data, 0o600); err != nil {
		t.Fatal(err)
	}
	entries, err = List(other)
	if err != nil || len(entries) != 1 || entries[0].Err != nil || entries[0].Key() != key || entries[0].Path != copied {
		t.Fatalf("journal-only List = %+v, %v; want %v at %s", entries, err, key, copied)
	}
	if err := NewStore(other).Remove(key); err != nil {
		t.Fatalf("Remove of a journal-only entry: %v", err)
	}
	if entries, _ := List(other); len(entries) != 0 {
		t.Fatalf("after Remove List = %+v, want nothing", entries)
	}

	// An empty journal (a run that printed nothing) is no entry.
	if err := os.WriteFile(copied, nil, 0o600); err != nil {
		t.Fatal(err)
	}
	if entries, _ := List(other); len(entries) != 0 {
		t.Fatalf("empty journal listed: %+v", entries)
	}
}

func TestRemoveEntry(t *testing.T) {
	st := newTestStore(t)
	key := mustKey(t, "http://127.0.0.1:1", "ses_a")
	sv := mustOpen(t, st, key)
	sv.Save(Position{Seq: 4})
	if err := sv.Flush(); err != nil {
		t.Fatal(err)
	}
	broken := filepath.Join(st.Dir(), "broken-0000000000000000.json")
	if err := os.WriteFile(broken, []byte(`{"version":`), 0o600); err != nil {
		t.Fatal(err)
	}
	entries, err := st.List()
	if err != nil || len(entries) != 2 || entries[0].Err == nil || entries[1].Err != nil {
		t.Fatalf("List = %+v, %v; want the broken file, then ses_a", entries, err)
	}
	if err := st.RemoveEntry(entries[1]); !errors.Is(err, ErrLocked) {
		t.Fatalf("RemoveEntry of an open entry = %v, want ErrLocked", err)
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	for _, e := range entries {
		if err := st.RemoveEntry(e); err != nil {
			t.Fatalf("RemoveEntry(%s): %v", e.Path, err)
		}
	}
	if err := st.RemoveEntry(entries[0]); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("second RemoveEntry = %v, want fs.ErrNotExist", err)
	}
	left, err := os.ReadDir(st.Dir())
	if err != nil || len(left) != 0 {
		t.Fatalf("left behind: %v, %v", left, err)
	}
	if err := st.RemoveEntry(Entry{Path: filepath.Join(t.TempDir(), "x.json"), Err: errors.New("bad")}); err == nil {
		t.Fatal("RemoveEntry outside the store succeeded")
	}
}
