package ds_test

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/internal/dspeer"
)

// The producer against the reference server: every refusal the protocol
// defines maps to its own error, and nothing is stored twice.
func TestProducerAgainstReferenceServer(t *testing.T) {
	srv := dspeer.Start(t, dspeer.WithDataDir(t.TempDir()))
	ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
	defer cancel()
	url := srv.StreamURL("relayed")
	newProducer := func(epoch int64) *ds.Producer {
		p, err := ds.NewProducer(ds.ProducerOptions{URL: url, ID: "relay-a", Epoch: epoch, MaxRetries: 3})
		if err != nil {
			t.Fatal(err)
		}
		if err := p.Create(ctx); err != nil {
			t.Fatalf("create: %v", err)
		}
		if _, err := p.Tail(ctx, func([]byte) error { return nil }); err != nil {
			t.Fatalf("tail: %v", err)
		}
		return p
	}
	msgs := func(vals ...string) [][]byte {
		out := make([][]byte, len(vals))
		for i, v := range vals {
			out[i] = []byte(v)
		}
		return out
	}

	first := newProducer(10)
	if err := first.Append(ctx, msgs(`{"n":1}`, `{"n":2}`)); err != nil {
		t.Fatalf("append: %v", err)
	}
	// The stream survives a server restart, and a restarted writer learns
	// its length from the tail.
	srv.Restart(t)
	second := newProducer(11)
	if second.Count() != 2 {
		t.Fatalf("tail count %d, want 2", second.Count())
	}
	if err := second.Append(ctx, msgs(`{"n":3}`)); err != nil {
		t.Fatalf("append after restart: %v", err)
	}
	// The old writer, still running, is refused: a newer epoch took over.
	if err := first.Append(ctx, msgs(`{"n":99}`)); !errors.Is(err, ds.ErrStaleEpoch) {
		t.Errorf("stale writer: %v, want ErrStaleEpoch", err)
	}
	// A writer whose picture of the stream is behind (it read the tail
	// before another append) sends a Stream-Seq the stream already passed:
	// refused, not stored.
	behind := newProducer(12)
	ahead := newProducer(13)
	if err := ahead.Append(ctx, msgs(`{"n":4}`)); err != nil {
		t.Fatal(err)
	}
	if err := behind.Append(ctx, msgs(`{"n":98}`)); !errors.Is(err, ds.ErrStaleEpoch) {
		t.Errorf("behind, older epoch: %v, want ErrStaleEpoch", err)
	}
	late := newProducer(14)
	if err := ahead.Append(ctx, msgs(`{"n":5}`)); err != nil {
		t.Fatal(err)
	}
	if err := late.Append(ctx, msgs(`{"n":96}`)); !errors.Is(err, ds.ErrStreamSeq) {
		t.Errorf("behind, newer epoch: %v, want ErrStreamSeq", err)
	}
	if err := ahead.Close(ctx); err != nil {
		t.Fatalf("close: %v", err)
	}
	if err := ahead.Close(ctx); err != nil {
		t.Fatalf("close again: %v", err)
	}
	if err := late.Append(ctx, msgs(`{"n":97}`)); !errors.Is(err, ds.ErrClosed) {
		t.Errorf("append after close: %v, want ErrClosed", err)
	}
	var got []string
	reader := newProducer(15)
	closed, err := reader.Tail(ctx, func(m []byte) error { got = append(got, string(m)); return nil })
	if err != nil || !closed {
		t.Fatalf("tail: closed %v, %v", closed, err)
	}
	want := []string{`{"n":1}`, `{"n":2}`, `{"n":3}`, `{"n":4}`, `{"n":5}`}
	if len(got) != len(want) {
		t.Fatalf("stream holds %q, want %q", got, want)
	}
	for i := range want {
		if got[i] != want[i] {
			t.Errorf("message %d: %s, want %s", i, got[i], want[i])
		}
	}
}

// A 409 naming the expected Producer-Seq is a gap, not a Stream-Seq
// conflict: the relay reads the tail again under a new epoch.
func TestProducerSeqGap(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Producer-Expected-Seq", "3")
		w.Header().Set("Producer-Received-Seq", r.Header.Get("Producer-Seq"))
		w.WriteHeader(http.StatusConflict)
	}))
	defer srv.Close()
	p, err := ds.NewProducer(ds.ProducerOptions{URL: srv.URL + "/s", ID: "r", Epoch: 1})
	if err != nil {
		t.Fatal(err)
	}
	err = p.Append(context.Background(), [][]byte{[]byte(`{}`)})
	if !errors.Is(err, ds.ErrSeqGap) || !strings.Contains(err.Error(), "expected 3") {
		t.Errorf("got %v, want ErrSeqGap naming the expected seq", err)
	}
}
