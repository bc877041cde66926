package ds

import (
	"errors"
	"fmt"
	"io"
	"net/http"
	"runtime"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// bigArray is a JSON array of n numbered strings, several catch-up slices long.
func bigArray(n int) (string, []string) {
	var b strings.Builder
	want := make([]string, n)
	b.WriteByte('[')
	for i := range n {
		if i > 0 {
			b.WriteByte(',')
		}
		want[i] = strconv.Quote(fmt.Sprintf("message %07d", i))
		b.WriteString(want[i])
	}
	b.WriteByte(']')
	return b.String(), want
}

// cutAt announces the whole body but sends only its first n bytes, then
// drops the connection.
func cutAt(next, body string, n int) step { return cutAtAs("application/json", next, body, n) }

// cutAtAs is cutAt for a stream of content type ct.
func cutAtAs(ct, next, body string, n int) step {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(hType, ct)
		w.Header().Set("Stream-Next-Offset", next)
		w.Header().Set("Content-Length", strconv.Itoa(len(body)))
		w.WriteHeader(http.StatusOK)
		_, _ = io.WriteString(w, body[:n])
		w.(http.Flusher).Flush()
		panic(http.ErrAbortHandler)
	}
}

// A long JSON response is handed on in slices as it arrives; a connection
// cut mid-body resumes from the same offset, skipping exactly the messages
// already handed on.
func TestLongResponseStreamsInSlicesAndResumesAfterACut(t *testing.T) {
	body, want := bigArray(60_000) // about 1.2 MB: several slices
	srv := newFakeStream(t,
		cutAt("b", body, len(body)*2/3+5), // cut inside an element
		ok("b", body, hUpToDate, "true", hClosed, "true"))
	o := readStream(t, srv.opts())
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got := o.messages(); !slices.Equal(got, want) {
		t.Fatalf("got %d messages, want each of %d exactly once in order", len(got), len(want))
	}
	if got := srv.offsets(); !slices.Equal(got, []string{"-1", "-1"}) {
		t.Fatalf("requests %q, want the same offset again after the cut", got)
	}
	if len(o.batches) < 4 || len(o.retries()) != 1 {
		t.Fatalf("%d batches and %d retries, want slices of a long response and one retry", len(o.batches), len(o.retries()))
	}
	handed := int64(0)
	for i, b := range o.batches {
		handed += int64(len(b.Messages))
		last := i == len(o.batches)-1
		if b.Offset != "b" || b.UpToDate != last || b.Closed != last {
			t.Errorf("batch %d: offset %q up-to-date %v closed %v", i, b.Offset, b.UpToDate, b.Closed)
		}
		wantAfter := feed.Position{Offset: "-1", Skip: handed}
		if last {
			wantAfter = feed.Position{Offset: "b"}
		}
		if b.After != wantAfter || b.Messages[len(b.Messages)-1].After != wantAfter {
			t.Errorf("batch %d: after %+v (last message %+v), want %+v", i, b.After, b.Messages[len(b.Messages)-1].After, wantAfter)
		}
	}
}

// A position saved in the middle of a response drops exactly that many
// messages of the same response on the next run.
func TestResumeInsideALongResponse(t *testing.T) {
	body, want := bigArray(30_000)
	srv := newFakeStream(t, ok("b", body, hUpToDate, "true", hClosed, "true"))
	opts := srv.opts()
	opts.From = feed.Position{Offset: "-1", Skip: 12_345}
	o := readStream(t, opts)
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got := o.messages(); !slices.Equal(got, want[12_345:]) {
		t.Fatalf("got %d messages, want the %d after the saved position", len(got), len(want)-12_345)
	}
}

// A malformed element after a few slices stops the reader with a protocol
// error; the slices before it were valid and stay handed on.
func TestMalformedElementLateInALongResponse(t *testing.T) {
	body, _ := bigArray(40_000)
	body = body[:len(body)-1] + `,{"broken":]`
	srv := newFakeStream(t, ok("b", body, hUpToDate, "true"))
	o := readStream(t, srv.opts())
	var pe *transport.ProtocolError
	if !errors.As(o.err, &pe) || !strings.Contains(o.err.Error(), "invalid JSON batch") {
		t.Fatalf("err = %v, want a protocol error about the batch", o.err)
	}
	for _, b := range o.batches {
		if b.UpToDate || b.After.Offset != "-1" {
			t.Errorf("batch %+v completed the broken response", b.After)
		}
	}
}

// A long catch-up goes through the same few buffers, whatever its length:
// what reading it allocates is a small part of the response.
func TestLongCatchUpReadsThroughTheSameBuffers(t *testing.T) {
	item := strings.Repeat("z", 2000)
	var js, lines strings.Builder
	js.WriteByte('[')
	for i := range 4000 {
		if i > 0 {
			js.WriteByte(',')
		}
		fmt.Fprintf(&js, `{"n":%d,"s":"%s"}`, i, item)
		fmt.Fprintf(&lines, "%d %s\n", i, item)
	}
	js.WriteByte(']')
	for _, tc := range []struct{ ct, body string }{{"application/json", js.String()}, {"application/x-ndjson", lines.String()}} {
		srv := newFakeStream(t, ok("b", tc.body, hType, tc.ct, hUpToDate, "true"))
		opts := srv.opts()
		opts.Live = LiveOff
		got := 0
		var before, after runtime.MemStats
		runtime.GC()
		runtime.ReadMemStats(&before)
		err := ReadStream(t.Context(), opts, func(b *feed.Batch) error {
			got += len(b.Messages)
			return nil
		})
		runtime.ReadMemStats(&after)
		if err != nil || got != 4000 {
			t.Fatalf("%s: %d messages, err %v", tc.ct, got, err)
		}
		if grew := after.TotalAlloc - before.TotalAlloc; grew > uint64(len(tc.body)/4) {
			t.Errorf("%s: a %d-byte catch-up allocated %d bytes", tc.ct, len(tc.body), grew)
		}
	}
}
