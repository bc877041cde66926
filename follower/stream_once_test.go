package follower_test

import (
	"bytes"
	"context"
	"net/http"
	"net/http/httptest"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dstail/dstail/follower"
	"github.com/dstail/dstail/internal/ocfake"
	"github.com/dstail/dstail/ndjson"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// onceJSON runs a --once follow of id into NDJSON, streamed or not, and
// returns the output and how many times the handler was called.
func onceJSON(t *testing.T, server, id string, stream bool) ([]byte, int) {
	t.Helper()
	var out bytes.Buffer
	w := ndjson.NewSessionWriter(&out)
	calls := 0
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	err := follower.Follow(ctx, follower.Options{Server: server, Sessions: []string{id}, Once: true, Stream: stream,
		Backoff: transport.Backoff{Initial: time.Millisecond, Max: 10 * time.Millisecond}},
		func(_ string, evs []reconcile.Event, _ *reconcile.Model) error {
			calls++
			return w.WriteEvents(evs)
		})
	if err != nil {
		t.Fatalf("follow (stream %v): %v", stream, err)
	}
	return out.Bytes(), calls
}

// A streamed --once prints byte for byte what a whole catch-up prints, and
// reads the session once.
func TestStreamedOncePrintsWhatAWholeCatchUpPrints(t *testing.T) {
	for _, scenario := range []string{"a-plain", "b-reasoning", "c-tool", "d-error", "e-abort"} {
		t.Run(scenario, func(t *testing.T) {
			f, ids := ocfake.NewMulti(t, scenario, "")
			srv := httptest.NewServer(f)
			defer srv.Close()
			whole, _ := onceJSON(t, srv.URL, ids[0], false)
			streamed, _ := onceJSON(t, srv.URL, ids[0], true)
			if len(whole) == 0 || !bytes.Equal(whole, streamed) {
				t.Fatalf("streamed:\n%s\nwhole:\n%s", streamed, whole)
			}
			if n := f.Count("/session/" + ids[0]); n != 2 {
				t.Errorf("GET /session/ID %d times for two runs, want once a run", n)
			}
		})
	}
}

// A long session goes out in several slices, in the same order.
func TestStreamedOnceHandsALongSessionOnInSlices(t *testing.T) {
	long := ocfake.NewLong(t, 500)
	srv := httptest.NewServer(long)
	defer srv.Close()
	whole, _ := onceJSON(t, srv.URL, long.ID, false)
	streamed, calls := onceJSON(t, srv.URL, long.ID, true)
	if !bytes.Equal(whole, streamed) {
		t.Fatal("the streamed output differs from the whole catch-up's")
	}
	if calls < 3 {
		t.Fatalf("%d hand-ons for %d bytes of messages, want it in slices", calls, len(long.Messages))
	}
}

// A message list cut part way is read again, and no message is printed
// twice or lost.
func TestStreamedOnceResumesAfterACutList(t *testing.T) {
	long := ocfake.NewLong(t, 500)
	var cuts atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/session/"+long.ID+"/message" && cuts.Add(1) == 1 {
			w.Write(long.Messages[:len(long.Messages)*3/5])
			w.(http.Flusher).Flush()
			panic(http.ErrAbortHandler)
		}
		long.ServeHTTP(w, r)
	}))
	defer srv.Close()
	streamed, _ := onceJSON(t, srv.URL, long.ID, true)
	if cuts.Load() != 2 {
		t.Fatalf("the message list was read %d times, want a cut and a retry", cuts.Load())
	}
	cuts.Store(10) // no more cuts
	whole, _ := onceJSON(t, srv.URL, long.ID, false)
	if got := bytes.Count(streamed, []byte(`"type":"message.updated"`)); got != 500 {
		t.Fatalf("%d message.updated records after a cut, want each of 500 once", got)
	}
	if !bytes.Equal(whole, streamed) {
		t.Fatal("the output after a cut differs from an uncut whole catch-up's")
	}
}
