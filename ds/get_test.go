package ds

import (
	"net/http"
	"slices"
	"strings"
	"testing"

	"github.com/dstail/dstail/feed"
)

func TestCatchUpThenLive(t *testing.T) {
	cases := []struct {
		name    string
		live    LiveMode
		steps   []step
		want    []string // messages
		offsets []string // offset/live of every request
	}{
		{name: "live off stops once up to date", live: LiveOff,
			steps: []step{ok("b", `[1,2]`), ok("c", `[3]`, hUpToDate, "true")},
			want:  []string{"1", "2", "3"}, offsets: []string{"-1", "b"}},
		{name: "live off on an empty stream", live: LiveOff,
			steps: []step{caughtUp("a")}, offsets: []string{"-1"}},
		{name: "catch-up closed ends without another request", live: LiveSSE,
			steps: []step{ok("b", `[1]`), ok("c", `[]`, hUpToDate, "true", hClosed, "TRUE")},
			want:  []string{"1"}, offsets: []string{"-1", "b"}},
		{name: "closed without up-to-date still ends", live: LiveLongPoll,
			steps: []step{ok("b", `[1]`, hClosed, "True")}, want: []string{"1"}, offsets: []string{"-1"}},
		{name: "a closed header other than true is ignored", live: LiveOff,
			steps: []step{ok("b", `[1]`, hClosed, "yes"), ok("c", `[]`, hUpToDate, "true", hClosed, "false")},
			want:  []string{"1"}, offsets: []string{"-1", "b"}},
		{name: "sse after catch-up, closed by control", live: LiveSSE,
			steps: []step{caughtUp("b"), heldEventStream(dataEvent(`[1]`), controlEvent("c", "k1", true, false), controlEvent("c", "", false, true))},
			want:  []string{"1"}, offsets: []string{"-1", "b/sse"}},
		{name: "long-poll after catch-up, closed by 204", live: LiveLongPoll,
			steps: []step{caughtUp("b"), ok("c", `[1]`, hUpToDate, "true", hCursor, "k1"), reply(http.StatusNoContent, "c", "", hUpToDate, "true", hClosed, "true")},
			want:  []string{"1"}, offsets: []string{"-1", "b/long-poll", "c/long-poll"}},
		{name: "long-poll 204 timeouts keep polling", live: LiveLongPoll,
			steps: []step{caughtUp("b"), reply(http.StatusNoContent, "b", "", hUpToDate, "true"), ok("c", `[1]`, hClosed, "true")},
			want:  []string{"1"}, offsets: []string{"-1", "b/long-poll", "b/long-poll"}},
		{name: "304 keeps the position", live: LiveOff,
			steps: []step{status(http.StatusNotModified), caughtUp("b")}, offsets: []string{"-1", "-1"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newFakeStream(t, c.steps...)
			opts := srv.opts()
			opts.Live = c.live
			o := readStream(t, opts)
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got := o.messages(); !slices.Equal(got, c.want) {
				t.Errorf("messages %q, want %q", got, c.want)
			}
			if got := srv.offsets(); !slices.Equal(got, c.offsets) {
				t.Errorf("requests %q, want %q", got, c.offsets)
			}
		})
	}
}

func TestBatchPositions(t *testing.T) {
	srv := newFakeStream(t, ok("b", `[1,2]`), ok("c", `[]`), caughtUp("d"))
	opts := srv.opts()
	opts.Live = LiveOff
	o := readStream(t, opts)
	if o.err != nil {
		t.Fatal(o.err)
	}
	want := []feed.Batch{
		{Kind: feed.KindJSON, Offset: "b", After: at("b", 0), Messages: []feed.Message{{Data: []byte("1"), After: at("-1", 1)}, {Data: []byte("2"), After: at("b", 0)}}},
		{Kind: feed.KindJSON, Offset: "c", After: at("c", 0)},
		{Kind: feed.KindJSON, Offset: "d", After: at("d", 0), UpToDate: true},
	}
	if len(o.batches) != len(want) {
		t.Fatalf("%d batches, want %d", len(o.batches), len(want))
	}
	for i, b := range o.batches {
		w := want[i]
		if b.Kind != w.Kind || b.Offset != w.Offset || b.After != w.After || b.UpToDate != w.UpToDate || b.Closed != w.Closed || len(b.Messages) != len(w.Messages) {
			t.Fatalf("batch %d = %+v, want %+v", i, *b, w)
		}
		for j, m := range b.Messages {
			if string(m.Data) != string(w.Messages[j].Data) || m.After != w.Messages[j].After {
				t.Errorf("batch %d message %d = %s %+v, want %s %+v", i, j, m.Data, m.After, w.Messages[j].Data, w.Messages[j].After)
			}
		}
	}
}

func TestResumeFromSavedPosition(t *testing.T) {
	cases := []struct {
		name  string
		from  feed.Position
		steps []step
		want  []string
	}{
		{"skip within the first read", at("b", 2), []step{ok("c", `[1,2,3]`, hClosed, "true")}, []string{"3"}},
		{"skip beyond the first read", at("b", 2), []step{ok("c", `[1]`), ok("d", `[2,3]`, hClosed, "true")}, []string{"3"}},
		{"lines skip", at("b", 1), []step{ok("c", "x\ny\n", hType, "application/x-ndjson", hClosed, "true")}, []string{"y"}},
		{"text skip counts bytes, inside a line", at("b", 3), []step{ok("c", "x\ny z\n", hType, "text/plain", hClosed, "true")}, []string{" z\n"}},
		{"bytes skip beyond the first read", at("b", 4), []step{
			ok("c", "abc", hType, "application/octet-stream"), ok("d", "def", hType, "application/octet-stream", hClosed, "true")}, []string{"ef"}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newFakeStream(t, c.steps...)
			opts := srv.opts()
			opts.From = c.from
			o := readStream(t, opts)
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got := o.messages(); !slices.Equal(got, c.want) {
				t.Errorf("messages %q, want %q", got, c.want)
			}
			if got := srv.offsets()[0]; got != c.from.Offset {
				t.Errorf("first request at offset %q, want %q", got, c.from.Offset)
			}
		})
	}
}

func TestLinesAcrossResponses(t *testing.T) {
	for _, ct := range []string{"application/x-ndjson"} {
		t.Run(ct, func(t *testing.T) {
			srv := newFakeStream(t,
				ok("b", "one\r\ntw", hType, ct),
				ok("c", "o\n", hType, ct),
				ok("d", "unterminated", hType, ct, hClosed, "true"))
			o := readStream(t, srv.opts())
			if o.err != nil {
				t.Fatal(o.err)
			}
			want := []string{"one", "two", "unterminated"}
			if got := o.messages(); !slices.Equal(got, want) {
				t.Errorf("messages %q, want %q", got, want)
			}
			if last := o.batches[len(o.batches)-1]; !last.Closed || last.Kind != feed.KindLines || last.After != at("d", 0) {
				t.Errorf("last batch %+v", *last)
			}
		})
	}
}

func TestLongPollEchoesCursorAndSpelling(t *testing.T) {
	srv := newFakeStream(t,
		caughtUp("b", hCursor, "k0"),
		reply(http.StatusNoContent, "b", "", hUpToDate, "true", hCursor, "k1"),
		ok("c", `[1]`, hUpToDate, "true", hCursor, "k2"),
		ok("d", `[2]`, hUpToDate, "true"), // no cursor: keep the last one
		reply(http.StatusNoContent, "d", "", hClosed, "true"))
	opts := srv.opts()
	opts.Live = LiveLongPoll
	if o := readStream(t, opts); o.err != nil {
		t.Fatal(o.err)
	}
	reqs := srv.requests()
	want := []struct{ live, cursor string }{{"", ""}, {"long-poll", "k0"}, {"long-poll", "k1"}, {"long-poll", "k2"}, {"long-poll", "k2"}}
	for i, w := range want {
		if got := reqs[i].Query.Get("live"); got != w.live {
			t.Errorf("request %d live=%q, want %q", i, got, w.live)
		}
		if got := reqs[i].Query.Get("cursor"); got != w.cursor {
			t.Errorf("request %d cursor=%q, want %q", i, got, w.cursor)
		}
	}
}

func TestQueryAndHeaders(t *testing.T) {
	for _, live := range []LiveMode{LiveLongPoll, LiveSSE} {
		srv := newFakeStream(t,
			ok("o p+r", `[1]`, hUpToDate, "true", hCursor, "c/1"),
			func(w http.ResponseWriter, r *http.Request) {
				if live == LiveSSE {
					eventStream(controlEvent("o p+s", "", true, true))(w, r)
					return
				}
				reply(http.StatusNoContent, "o p+s", "", hClosed, "true")(w, r)
			})
		opts := srv.opts()
		opts.URL += "?token=t%26x&offset=stale"
		opts.From = at("o p+q", 0)
		opts.Live = live
		opts.Header = http.Header{"Authorization": {"Bearer secret"}, "X-Extra": {"1", "2"}}
		if o := readStream(t, opts); o.err != nil {
			t.Fatal(o.err)
		}
		reqs := srv.requests()
		if len(reqs) != 2 {
			t.Fatalf("%d requests, want 2", len(reqs))
		}
		for i, r := range reqs {
			if !strings.Contains(r.RawQuery, "offset=o+p%2B") || r.Query.Get("token") != "t&x" || len(r.Query["offset"]) != 1 {
				t.Errorf("live %d request %d: query %q", live, i, r.RawQuery)
			}
			if r.Header.Get("Authorization") != "Bearer secret" || !slices.Equal(r.Header["X-Extra"], []string{"1", "2"}) {
				t.Errorf("live %d request %d: headers %v", live, i, r.Header)
			}
		}
		if got := reqs[1].Query.Get("cursor"); got != "c/1" {
			t.Errorf("cursor %q, want c/1", got)
		}
		if !strings.Contains(reqs[1].RawQuery, "cursor=c%2F1") {
			t.Errorf("cursor not percent-encoded: %q", reqs[1].RawQuery)
		}
	}
}

func TestInvalidURL(t *testing.T) {
	for _, u := range []string{"", "ftp://host/s", "http://", "::"} {
		err := ReadStream(t.Context(), StreamOptions{URL: u}, func(*feed.Batch) error { return nil })
		if err == nil || !strings.Contains(err.Error(), "invalid stream URL") {
			t.Errorf("URL %q: err = %v", u, err)
		}
	}
}

// A text/* stream is handed on byte-exact: line endings kept, a partial line
// at once, nothing added at the close, and a character cut between reads
// whole in the next message.
func TestTextAcrossResponses(t *testing.T) {
	ct := "text/plain; charset=utf-8"
	srv := newFakeStream(t,
		ok("b", "one\r\ntw", hType, ct),
		ok("c", "o\na b", hType, ct),
		ok("d", "  c\xe2\x82", hType, ct),
		ok("e", "\xacchunk", hType, ct, hClosed, "true"))
	o := readStream(t, srv.opts())
	if o.err != nil {
		t.Fatal(o.err)
	}
	want := []string{"one\r\ntw", "o\na b", "  c", "€chunk"}
	if got := o.messages(); !slices.Equal(got, want) {
		t.Errorf("messages %q, want %q", got, want)
	}
	third := o.batches[2]
	if third.After != at("c", 3) || third.Messages[0].After != at("c", 3) {
		t.Errorf("after a held partial character: %+v, want c+3", third.After)
	}
	if last := o.batches[len(o.batches)-1]; !last.Closed || last.Kind != feed.KindText || last.After != at("e", 0) {
		t.Errorf("last batch %+v", *last)
	}
}
