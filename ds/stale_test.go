package ds

import (
	"net/http"
	"slices"
	"testing"
	"time"
)

// quickStaleWaits stand in for staleWaits: two short pauses, three probes.
var quickStaleWaits = []time.Duration{time.Millisecond, time.Millisecond}

// The file-backed reference server serves an append from its log before it
// records the new tail: a read from behind can end at m while, for a few
// milliseconds, reads at m and HEAD still report the older tail k. The
// reader must wait for the tail to reach m, then go on from m: no reset,
// nothing lost, nothing twice.
func TestAnswerAheadOfTheRecordedTail(t *testing.T) {
	servedAhead := ok("m", `[1]`, hUpToDate, "true") // ends past the recorded tail k
	recordedTail, recorded := ok("k", ""), ok("m", "")
	cases := []struct {
		name  string
		live  LiveMode
		steps []step
		want  []string
	}{
		{"long-poll", LiveLongPoll, []step{
			servedAhead,
			ok("k", `[]`, hUpToDate, "true"), // the long-poll at m answers at once from k
			recordedTail, recordedTail, recorded,
			ok("n", `[2]`, hUpToDate, "true", hClosed, "true"),
		}, []string{"-1", "m/long-poll", "", "", "", "m/long-poll"}},
		// Over SSE the server goes on from k on the same connection and
		// sends [1] again, so the reader must reconnect from m.
		{"sse", LiveSSE, []step{
			servedAhead,
			eventStream(controlEvent("k", "c1", true, false), dataEvent(`[1]`), controlEvent("m", "c2", true, false)),
			recordedTail, recorded,
			eventStream(dataEvent(`[2]`), controlEvent("n", "", true, true)),
		}, []string{"-1", "m/sse", "", "", "m/sse"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newFakeStream(t, c.steps...)
			opts := srv.opts()
			opts.Live, opts.staleWaits = c.live, quickStaleWaits
			o := readStream(t, opts)
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got := o.messages(); !slices.Equal(got, []string{"1", "2"}) {
				t.Errorf("messages %q, want [1 2]", got)
			}
			if got := srv.offsets(); !slices.Equal(got, c.want) {
				t.Errorf("requests %q, want %q", got, c.want)
			}
			for _, b := range o.batches[1:] {
				if b.Offset < "m" {
					t.Errorf("batch at %q handed on after m", b.Offset)
				}
			}
		})
	}
}

// A HEAD probe that fails (a 503 from a proxy, a dropped connection) is
// retried like any failed read, never taken for a reset.
func TestFailedTailProbeIsRetried(t *testing.T) {
	srv := newFakeStream(t,
		ok("m", `[1]`, hUpToDate, "true"),
		ok("k", `[]`, hUpToDate, "true"),
		status(http.StatusServiceUnavailable), // HEAD
		ok("k", `[]`, hUpToDate, "true"),
		ok("m", ""), // HEAD
		ok("n", `[2]`, hUpToDate, "true", hClosed, "true"))
	opts := srv.opts()
	opts.Live, opts.staleWaits = LiveLongPoll, quickStaleWaits
	o := readStream(t, opts)
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got := o.messages(); !slices.Equal(got, []string{"1", "2"}) {
		t.Errorf("messages %q, want [1 2]", got)
	}
	if n := len(o.retries()); n != 1 {
		t.Errorf("%d retries, want 1 (the failed probe)", n)
	}
	want := []string{"-1", "m/long-poll", "", "m/long-poll", "", "m/long-poll"}
	if got := srv.offsets(); !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
}
