package offsets

import (
	"testing"
	"time"
)

func TestCommitWritesThroughWithoutFsync(t *testing.T) {
	st := newTestStore(t, WithInterval(time.Hour))
	key := mustKey(t, "http://127.0.0.1:1", "/v1/stream/c")
	sv, err := st.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	defer sv.Close()
	// Let the flusher take its first write, then commit inside its interval.
	sv.Save(Position{Offset: "a"})
	if err := sv.Flush(); err != nil {
		t.Fatal(err)
	}
	before := sv.Stats().Fsyncs
	for i, off := range []string{"b", "c", "d"} {
		if err := sv.Commit(Position{Offset: off, Skip: int64(i)}); err != nil {
			t.Fatal(err)
		}
		got, found, err := st.Load(key)
		if err != nil || !found || got.Offset != off || got.Skip != int64(i) {
			t.Fatalf("after Commit(%s): Load = %+v %v %v", off, got, found, err)
		}
	}
	// Durable commits would cost two fsyncs each; the flusher may add one
	// durable write (two fsyncs) inside its hour-long interval, no more.
	if extra := sv.Stats().Fsyncs - before; extra > 2 {
		t.Fatalf("three Commits cost %d fsyncs; want at most one flusher write (2)", extra)
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	if sv.Stats().Fsyncs == before {
		t.Fatal("Close did not make the committed position durable")
	}
}
