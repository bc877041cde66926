package offsets

import (
	"os"
	"testing"
	"time"
)

func TestJournalHoldsCommitsAndLosesToNothingOlder(t *testing.T) {
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
	// A killed process never flushes: the commit must be readable as is.
	if got := mustLoad(t, st, key); got.Offset != "b" || got.Skip != 3 {
		t.Fatalf("Load after Commit = %+v, want b/3 from the journal", got)
	}
	path, _ := st.Path(key)
	// A shorter record must not leave the longer one's tail behind.
	if err := sv.Commit(Position{Offset: "c"}); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, st, key); got.Offset != "c" || got.Skip != 0 {
		t.Fatalf("Load = %+v, want c/0", got)
	}
	// A torn journal (power cut) falls back to the durable main file.
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(journalPath(path), []byte(`{"version":1,"ser`), 0o600); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, st, key); got.Offset != "c" {
		t.Fatalf("Load with a torn journal = %+v, want the main file's c", got)
	}
	entries, err := st.List()
	if err != nil || len(entries) != 1 {
		t.Fatalf("List = %v, %v; want one entry (journals are not entries)", entries, err)
	}
}

func TestRemoveDeletesJournal(t *testing.T) {
	st := newTestStore(t)
	key := mustKey(t, "http://127.0.0.1:1", "/v1/stream/r")
	sv, err := st.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := sv.Commit(Position{Offset: "x"}); err != nil {
		t.Fatal(err)
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	if err := st.Remove(key); err != nil {
		t.Fatal(err)
	}
	path, _ := st.Path(key)
	if _, err := os.Stat(journalPath(path)); !os.IsNotExist(err) {
		t.Fatalf("journal still there: %v", err)
	}
	if _, found, _ := st.Load(key); found {
		t.Fatal("position survived Remove")
	}
}
