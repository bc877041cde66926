package offsets

import (
	"errors"
	"fmt"
	"testing"
	"time"
)

func TestSet(t *testing.T) {
	st := newTestStore(t, WithInterval(time.Hour))
	set := st.NewSet()
	t.Cleanup(func() { _ = set.Close() })
	var keys []Key
	for i := range 3 {
		k := mustKey(t, "http://user:pw@127.0.0.1:4096", fmt.Sprintf("ses_%d", i))
		keys = append(keys, k)
		sv, err := set.Open(k)
		if err != nil {
			t.Fatal(err)
		}
		again, err := set.Open(Key{Server: "http://127.0.0.1:4096/", Stream: k.Stream})
		if err != nil || again != sv {
			t.Fatalf("Open of an equivalent key returned another saver (%v)", err)
		}
		sv.Save(Position{Seq: int64(i + 1)})
	}
	if err := set.Flush(); err != nil {
		t.Fatal(err)
	}
	for i, k := range keys {
		if got := mustLoad(t, st, k); got.Seq != int64(i+1) {
			t.Fatalf("%v: seq %d, want %d", k, got.Seq, i+1)
		}
	}

	// Release flushes one key and frees its lock; the others stay held.
	sv0, _ := set.Open(keys[0])
	sv0.Save(Position{Seq: 10})
	if err := set.Release(keys[0]); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, st, keys[0]); got.Seq != 10 {
		t.Fatalf("Release did not flush: %+v", got)
	}
	other := mustOpen(t, st, keys[0])
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	if _, err := st.Open(keys[1]); !errors.Is(err, ErrLocked) {
		t.Fatalf("a held key opened elsewhere: %v", err)
	}

	sv1, _ := set.Open(keys[1])
	sv1.Save(Position{Seq: 20})
	if set.Err() != nil {
		t.Fatal(set.Err())
	}
	if err := set.Close(); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, st, keys[1]); got.Seq != 20 {
		t.Fatalf("Close did not flush: %+v", got)
	}
	// One write per changed position (by the flusher or by Flush, Release
	// and Close, whichever comes first), counted across released savers.
	stats := set.Stats()
	if stats.Saves != 5 || stats.Writes != 5 || stats.Failures != 0 {
		t.Fatalf("stats = %+v, want 5 saves and 5 writes", stats)
	}
	if _, err := set.Open(keys[2]); !errors.Is(err, ErrClosed) {
		t.Fatalf("Open after Close err = %v, want ErrClosed", err)
	}
	mustOpen(t, st, keys[2]) // lock released
}
