package ds

import (
	"errors"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

func TestWatchdogReconnectsSilentConnections(t *testing.T) {
	silentSSE := heldEventStream()
	silentBody := func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Stream-Next-Offset", "c")
		w.Header().Set(hType, "application/json")
		_, _ = io.WriteString(w, "[1,")
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	}
	cases := []struct {
		name    string
		live    LiveMode
		steps   []step
		offsets []string
	}{
		{"event stream with headers only", LiveSSE,
			[]step{caughtUp("b"), silentSSE, heldEventStream(dataEvent(`[2]`), controlEvent("c", "", false, true))}, []string{"-1", "b/sse", "b/sse"}},
		{"catch-up body that stops", LiveOff,
			[]step{silentBody, ok("c", `[2]`, hUpToDate, "true")}, []string{"-1", "-1"}},
		{"long-poll body that stops", LiveLongPoll,
			[]step{caughtUp("b"), silentBody, ok("c", `[2]`, hClosed, "true")}, []string{"-1", "b/long-poll", "b/long-poll"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newFakeStream(t, c.steps...)
			opts := srv.opts()
			opts.Live, opts.IdleTimeout = c.live, 200*time.Millisecond
			o := readStream(t, opts)
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got, want := o.messages(), []string{"2"}; !slices.Equal(got, want) {
				t.Errorf("messages %q, want %q", got, want)
			}
			if got := srv.offsets(); !slices.Equal(got, c.offsets) {
				t.Errorf("requests %q, want %q", got, c.offsets)
			}
			if r := o.retries(); len(r) != 1 || !errors.Is(r[0].Err, transport.ErrIdle) {
				t.Fatalf("retry states %+v, want one idle connection", r)
			}
			reqs := srv.requests()
			if gap := reqs[len(reqs)-1].At.Sub(reqs[len(reqs)-2].At); gap < 150*time.Millisecond {
				t.Errorf("reconnected after %v, before the idle timeout", gap)
			}
		})
	}
}

func TestWatchdogCountsCommentsAsLife(t *testing.T) {
	srv := newFakeStream(t, caughtUp("b"), func(w http.ResponseWriter, r *http.Request) {
		eventStream()(w, r)
		for range 12 { // 600 ms, three idle timeouts
			time.Sleep(50 * time.Millisecond)
			_, _ = io.WriteString(w, ":\n")
			w.(http.Flusher).Flush()
		}
		_, _ = io.WriteString(w, dataEvent(`[1]`)+controlEvent("c", "", false, true))
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	})
	opts := srv.opts()
	opts.IdleTimeout = 200 * time.Millisecond
	o := readStream(t, opts)
	if o.err != nil || len(o.retries()) != 0 {
		t.Fatalf("err = %v, retries %+v", o.err, o.retries())
	}
	if got := o.messages(); !slices.Equal(got, []string{"1"}) {
		t.Errorf("messages %q", got)
	}
}

func TestShortEventStreamsFallBackToLongPoll(t *testing.T) {
	srv := newFakeStream(t, caughtUp("b"), eventStream(), eventStream(), eventStream(),
		ok("c", `[1]`, hUpToDate, "true", hCursor, "k1"),
		reply(http.StatusNoContent, "c", "", hClosed, "true"))
	o := readStream(t, srv.opts())
	if o.err != nil {
		t.Fatal(o.err)
	}
	want := []string{"-1", "b/sse", "b/sse", "b/sse", "b/long-poll", "c/long-poll"}
	if got := srv.offsets(); !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
	if got := o.messages(); !slices.Equal(got, []string{"1"}) {
		t.Errorf("messages %q", got)
	}
	var notes []feed.State
	for _, s := range o.states {
		if s.Note != "" {
			notes = append(notes, s)
		}
	}
	if len(notes) != 1 || notes[0].Mode != "long-poll" || notes[0].Phase != feed.PhaseConnecting || !strings.Contains(notes[0].Note, "switched to long-poll") {
		t.Errorf("notes %+v, want one about the switch", notes)
	}
	if r := o.retries(); len(r) != 2 {
		t.Errorf("retries %+v, want a backoff after each of the first two short streams", r)
	}
}

func TestLargeEvents(t *testing.T) {
	// 20 MiB over SSE, far beyond the SSE parser's 64 KiB default; the
	// catch-up path has no such default, so 2 MiB shows it as well.
	huge := `{"blob":"` + strings.Repeat("x", 20<<20) + `"}`
	big := `{"blob":"` + strings.Repeat("y", 2<<20) + `"}`
	cases := []struct {
		name  string
		msg   string
		steps []step
	}{
		{"event stream", huge, []step{caughtUp("b"), heldEventStream(dataEvent("["+huge+"]"), controlEvent("c", "", false, true))}},
		{"catch-up", big, []step{ok("c", "["+big+"]", hClosed, "true")}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newFakeStream(t, c.steps...)
			o := readStream(t, srv.opts())
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got := o.messages(); len(got) != 1 || got[0] != c.msg {
				t.Errorf("got %d messages, want the one %d-byte message intact", len(got), len(c.msg))
			}
		})
	}
}

func TestEventLargerThanMaxEventSize(t *testing.T) {
	srv := newFakeStream(t, caughtUp("b"), heldEventStream(dataEvent(`["`+strings.Repeat("x", 2048)+`"]`), controlEvent("c", "", true, false)))
	opts := srv.opts()
	opts.MaxEventSize = 1024
	o := readStream(t, opts)
	var pe *transport.ProtocolError
	if !errors.As(o.err, &pe) || !strings.Contains(o.err.Error(), "larger than 1024 bytes") {
		t.Fatalf("err = %v, want a protocol error naming the limit", o.err)
	}
	if n := len(srv.requests()); n != 2 || len(o.messages()) != 0 {
		t.Errorf("%d requests and messages %q, want 2 and none", n, o.messages())
	}
}
