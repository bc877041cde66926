package offsets

import (
	"errors"
	"os"
	"testing"
	"time"
)

func TestSeenMarkIsSharedAndLeavesThePositionAlone(t *testing.T) {
	st := NewStore(t.TempDir())
	key := Key{Server: "http://127.0.0.1:4096", Stream: "ses_seen"}
	if _, found, err := st.Seen(key); found || err != nil {
		t.Fatalf("nothing saved: found=%v err=%v", found, err)
	}
	// The position's time stands in until a view marks what it showed.
	clock := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	st.now = func() time.Time { return clock }
	sv, err := st.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := sv.Commit(Position{Seq: 10}); err != nil {
		t.Fatal(err)
	}
	if seen, found, err := st.Seen(key); !found || err != nil || !seen.Equal(clock) {
		t.Fatalf("Seen = %v %v %v, want the position's time %v", seen, found, err, clock)
	}
	// Views mark while line output holds the position, and never move it.
	later := clock.Add(time.Hour)
	for range 2 {
		if err := st.MarkSeen(key, later); err != nil {
			t.Fatalf("a view's mark beside an open position: %v", err)
		}
	}
	if seen, found, err := st.Seen(key); !found || err != nil || !seen.Equal(later) {
		t.Fatalf("Seen = %v %v %v, want %v", seen, found, err, later)
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	if pos, _, _ := st.Load(key); pos.Seq != 10 {
		t.Fatalf("seq = %d, want 10: a view's mark moved the position", pos.Seq)
	}
	if err := st.Remove(key); err != nil {
		t.Fatal(err)
	}
	if _, found, _ := st.Seen(key); found {
		t.Fatal("Remove left the seen mark behind")
	}
}

func TestSeenMarkOfAnotherStreamIsRefused(t *testing.T) {
	st := NewStore(t.TempDir())
	a := Key{Server: "http://127.0.0.1:4096", Stream: "ses_a"}
	if err := st.MarkSeen(a, time.Now()); err != nil {
		t.Fatal(err)
	}
	path, _ := st.Path(a)
	b := Key{Server: "http://127.0.0.1:4096", Stream: "ses_b"}
	bpath, _ := st.Path(b)
	copyFile(t, path[:len(path)-len(entrySuffix)]+seenSuffix, bpath[:len(bpath)-len(entrySuffix)]+seenSuffix)
	var ce *CorruptError
	if _, found, err := st.Seen(b); found || !errors.As(err, &ce) {
		t.Fatalf("a mark copied from another stream: found=%v err=%v", found, err)
	}
}

func copyFile(t *testing.T, from, to string) {
	t.Helper()
	data, err := os.ReadFile(from)
	if err != nil {
		t.Fatal(err)
	}
	if err := os.WriteFile(to, data, 0o600); err != nil {
		t.Fatal(err)
	}
}

// TestViewMarkKeepsAStreamViewsPosition: a stream view's mark carries where
// it stopped, beside a locked position it never moves; a session view's
// mark carries none.
func TestViewMarkKeepsAStreamViewsPosition(t *testing.T) {
	st := NewStore(t.TempDir())
	key := Key{Server: "http://127.0.0.1:4437", Stream: "/v1/stream/s"}
	sv, err := st.Open(key)
	if err != nil {
		t.Fatal(err)
	}
	defer sv.Close()
	if err := sv.Commit(Position{Offset: "0_10"}); err != nil {
		t.Fatal(err)
	}
	at := time.Date(2025, 1, 2, 3, 4, 5, 0, time.UTC)
	if err := st.MarkViewed(key, ViewMark{At: at, Position: &Position{Offset: "0_99", Skip: 2}}); err != nil {
		t.Fatal(err)
	}
	m, found, err := st.SeenMark(key)
	if !found || err != nil || !m.At.Equal(at) || m.Position == nil || *m.Position != (Position{Offset: "0_99", Skip: 2}) {
		t.Fatalf("SeenMark = %+v %v %v", m, found, err)
	}
	if pos, _, _ := st.Load(key); pos.Offset != "0_10" {
		t.Errorf("the view's mark moved the saved position to %+v", pos)
	}
	if err := st.MarkSeen(key, at); err != nil {
		t.Fatal(err)
	}
	if m, _, _ := st.SeenMark(key); m.Position != nil {
		t.Errorf("a mark without a position kept %+v", m.Position)
	}
}
