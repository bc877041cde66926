package offsets

import (
	"errors"
	"io/fs"
	"os"
	"path/filepath"
	"testing"
	"time"
)

func TestListAndRemove(t *testing.T) {
	st := newTestStore(t)
	updated := time.Date(2026, 3, 4, 5, 6, 7, 0, time.UTC)
	st.now = func() time.Time { return updated }
	saved := []struct {
		key Key
		pos Position
	}{
		{mustKey(t, "http://b:4096", "ses_2"), Position{Seq: 2}},
		{mustKey(t, "http://a:4437", "/v1/stream/z"), Position{Offset: "z1", Skip: 1}},
		{mustKey(t, "http://b:4096", "ses_1"), Position{Seq: 1, EventID: "e1"}},
	}
	for _, s := range saved {
		sv := mustOpen(t, st, s.key)
		sv.Save(s.pos)
		if err := sv.Close(); err != nil {
			t.Fatal(err)
		}
	}
	// Noise List must ignore or flag.
	corruptPath := filepath.Join(st.Dir(), "broken-0000000000000000.json")
	renamedPath := filepath.Join(st.Dir(), "renamed-0000000000000000.json")
	original, _ := st.Path(saved[0].key)
	data, err := os.ReadFile(original)
	if err != nil {
		t.Fatal(err)
	}
	for path, content := range map[string][]byte{
		corruptPath:                             []byte(`{"version":`),
		renamedPath:                             data,
		filepath.Join(st.Dir(), "x.json.tmp-1"): []byte(`{`),
		filepath.Join(st.Dir(), "notes.txt"):    []byte(`hi`),
		filepath.Join(st.Dir(), ".hidden.json"): []byte(`{`),
		filepath.Join(st.Dir(), "orphan.lock"):  nil,
	} {
		if err := os.WriteFile(path, content, 0o600); err != nil {
			t.Fatal(err)
		}
	}

	entries, err := st.List()
	if err != nil {
		t.Fatal(err)
	}
	want := []Entry{ // bad files sort first: their server is empty
		{Path: corruptPath},
		{Path: renamedPath},
		{Server: "http://a:4437", Stream: "/v1/stream/z", Position: saved[1].pos},
		{Server: "http://b:4096", Stream: "ses_1", Position: saved[2].pos},
		{Server: "http://b:4096", Stream: "ses_2", Position: saved[0].pos},
	}
	if len(entries) != len(want) {
		t.Fatalf("List returned %d entries, want %d: %+v", len(entries), len(want), entries)
	}
	for i, w := range want {
		got := entries[i]
		if w.Server == "" {
			var ce *CorruptError
			if got.Path != w.Path || !errors.As(got.Err, &ce) {
				t.Errorf("entry %d = %+v, want a *CorruptError for %s", i, got, w.Path)
			}
			continue
		}
		wantPath, _ := st.Path(w.Key())
		if got.Err != nil || got.Key() != w.Key() || got.Position != w.Position ||
			!got.Updated.Equal(updated) || got.Path != wantPath {
			t.Errorf("entry %d = %+v, want %+v at %s", i, got, w, wantPath)
		}
	}

	if err := st.Remove(saved[1].key); err != nil {
		t.Fatal(err)
	}
	if _, found, err := st.Load(saved[1].key); found || err != nil {
		t.Fatalf("after Remove: found %v, err %v", found, err)
	}
	path, _ := st.Path(saved[1].key)
	for _, p := range []string{path, path[:len(path)-len(entrySuffix)] + lockSuffix} {
		if _, err := os.Stat(p); !errors.Is(err, fs.ErrNotExist) {
			t.Errorf("%s still exists after Remove: %v", p, err)
		}
	}
	if err := st.Remove(saved[1].key); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("second Remove err = %v, want fs.ErrNotExist", err)
	}
	entries, err = st.List()
	if err != nil || len(entries) != len(want)-1 {
		t.Fatalf("List after Remove: %d entries, %v", len(entries), err)
	}
	// A removed entry can be written again.
	sv := mustOpen(t, st, saved[1].key)
	sv.Save(Position{Offset: "again"})
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, st, saved[1].key); got.Offset != "again" {
		t.Fatalf("after re-creating: %+v", got)
	}
}

func TestListMissingDir(t *testing.T) {
	entries, err := List(filepath.Join(t.TempDir(), "absent"))
	if entries != nil || err != nil {
		t.Fatalf("List of a missing dir = %v, %v; want nothing", entries, err)
	}
	if err := NewStore(filepath.Join(t.TempDir(), "absent")).Remove(mustKey(t, "http://h", "/s")); !errors.Is(err, fs.ErrNotExist) {
		t.Fatalf("Remove in a missing dir = %v, want fs.ErrNotExist", err)
	}
}
