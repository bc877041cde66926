package ds

import (
	"errors"
	"net"
	"net/http"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// resetMidResponse sends the start of a 200 and then resets the connection,
// so the client has read bytes and cannot transparently resend the request.
func resetMidResponse(t *testing.T) step {
	return func(w http.ResponseWriter, r *http.Request) {
		conn, _, err := http.NewResponseController(w).Hijack()
		if err != nil {
			t.Error(err)
			return
		}
		_, _ = conn.Write([]byte("HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nStream-Next-Offset: c\r\nContent-Length: 40\r\n\r\n[2"))
		_ = conn.(*net.TCPConn).SetLinger(0)
		_ = conn.Close()
	}
}

// truncatedBody promises more bytes than it sends.
func truncatedBody(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Length", "40")
	ok("c", `[2`)(w, r)
}

func TestTransientFailuresResumeFromCommittedOffset(t *testing.T) {
	cases := []struct {
		name string
		fail step
	}{
		{"500", status(http.StatusInternalServerError)},
		{"502", status(http.StatusBadGateway)},
		{"503", status(http.StatusServiceUnavailable)},
		{"504", status(http.StatusGatewayTimeout)},
		{"429", status(http.StatusTooManyRequests)},
		{"408", status(http.StatusRequestTimeout)},
		{"reset", resetMidResponse(t)},
		{"truncated body", truncatedBody},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newFakeStream(t, ok("b", `[1]`), c.fail, ok("c", `[2]`, hClosed, "true"))
			o := readStream(t, srv.opts())
			if o.err != nil {
				t.Fatal(o.err)
			}
			if got, want := srv.offsets(), []string{"-1", "b", "b"}; !slices.Equal(got, want) {
				t.Errorf("requests %q, want %q", got, want)
			}
			if got, want := o.messages(), []string{"1", "2"}; !slices.Equal(got, want) {
				t.Errorf("messages %q, want %q", got, want)
			}
			if r := o.retries(); len(r) != 1 || r[0].Attempt != 1 || r[0].Err == nil || r[0].Offset != "b" {
				t.Errorf("retry states %+v, want one first attempt at b", r)
			}
		})
	}
}

func TestRetryAfterIsAFloor(t *testing.T) {
	srv := newFakeStream(t, status(http.StatusTooManyRequests, "Retry-After", "0.3"), ok("b", `[]`, hClosed, "true"))
	o := readStream(t, srv.opts())
	if o.err != nil {
		t.Fatal(o.err)
	}
	r := o.retries()
	if len(r) != 1 || r[0].RetryIn < 300*time.Millisecond {
		t.Fatalf("retry states %+v, want one waiting at least 300ms", r)
	}
	reqs := srv.requests()
	if gap := reqs[1].At.Sub(reqs[0].At); gap < 250*time.Millisecond {
		t.Errorf("retried after %v, want at least the Retry-After", gap)
	}
}

func TestMaxRetries(t *testing.T) {
	fail := status(http.StatusServiceUnavailable)
	srv := newFakeStream(t, fail, fail, fail)
	opts := srv.opts()
	opts.MaxRetries = 2
	o := readStream(t, opts)
	var se *transport.StatusError
	if !errors.Is(o.err, transport.ErrNoProgress) || !errors.As(o.err, &se) || se.Status != http.StatusServiceUnavailable {
		t.Fatalf("err = %v, want ErrNoProgress wrapping the 503", o.err)
	}
	if n := len(srv.requests()); n != 3 {
		t.Errorf("%d requests, want 3", n)
	}
}

func TestSuccessResetsTheRetryBudget(t *testing.T) {
	fail := status(http.StatusServiceUnavailable)
	srv := newFakeStream(t, fail, ok("b", `[1]`), fail, ok("c", `[2]`), fail, ok("d", `[]`, hClosed, "true"))
	opts := srv.opts()
	opts.MaxRetries = 1
	if o := readStream(t, opts); o.err != nil {
		t.Fatalf("err = %v: failures after a success must start a new budget", o.err)
	}
}

func TestPermanentStatuses(t *testing.T) {
	cases := []struct {
		status    int
		notFound  bool
		head      step   // the 410 probe
		retention string // expected in the message when the probe says the stream exists
		name      string
	}{
		{status: http.StatusBadRequest},
		{status: http.StatusUnauthorized},
		{status: http.StatusForbidden},
		{status: http.StatusNotFound, notFound: true},
		{status: http.StatusConflict},
		{status: http.StatusGone, notFound: true, head: status(http.StatusOK), retention: "at offset b (older than the data the server keeps)"},
		{status: http.StatusGone, notFound: true, head: status(http.StatusGone), name: "stream deleted"},
	}
	for _, c := range cases {
		t.Run(strings.TrimSpace(http.StatusText(c.status)+" "+c.name), func(t *testing.T) {
			steps := []step{status(c.status)}
			if c.head != nil {
				steps = append(steps, c.head)
			}
			srv := newFakeStream(t, steps...)
			opts := srv.opts()
			opts.URL = strings.Replace(opts.URL, "://", "://user:pw@", 1) + "?token=t"
			opts.From = at("b", 0)
			o := readStream(t, opts)
			var se *transport.StatusError
			if !errors.As(o.err, &se) || se.Status != c.status || !transport.Permanent(o.err) || transport.NotFound(o.err) != c.notFound {
				t.Fatalf("err = %v", o.err)
			}
			if strings.Contains(o.err.Error(), "pw") {
				t.Errorf("credentials in %q", o.err)
			}
			if c.retention != "" && !strings.Contains(o.err.Error(), c.retention) {
				t.Errorf("err %q does not mention %q", o.err, c.retention)
			}
			if c.retention == "" && strings.Contains(o.err.Error(), "older than") {
				t.Errorf("unexpected message %q", o.err)
			}
			var methods []string
			for _, r := range srv.requests() {
				methods = append(methods, r.Method)
				if r.Query.Get("token") != "t" {
					t.Errorf("%s without the stream URL's query: %q", r.Method, r.RawQuery)
				}
			}
			want := []string{http.MethodGet}
			if c.head != nil {
				want = append(want, http.MethodHead)
			}
			if !slices.Equal(methods, want) || len(o.retries()) != 0 {
				t.Errorf("requests %v with %d retries, want %v and none", methods, len(o.retries()), want)
			}
		})
	}
}

func TestProtocolErrorsAreNotRetried(t *testing.T) {
	cases := []struct {
		name  string
		from  feed.Position
		steps []step
		msg   string
	}{
		{"200 without next offset", at("-1", 0), []step{ok("", `[1]`)}, "no Stream-Next-Offset"},
		{"204 without next offset", at("-1", 0), []step{caughtUp("b"), status(http.StatusNoContent)}, "no Stream-Next-Offset"},
		{"next offset before the requested one", at("m", 0), []step{ok("a", `[1]`, hUpToDate, "true")}, "offset went backwards from m to a"},
		// Without data the reader asks HEAD: a tail that stays below ours
		// for every probe is a reset.
		{"empty answer below the requested offset, tail below too", at("m", 0), []step{ok("a", `[]`, hUpToDate, "true"), ok("a", ""), ok("a", ""), ok("a", "")}, "offset went backwards from m to a"},
		{"invalid JSON body", at("-1", 0), []step{ok("b", `[1,`)}, "invalid JSON"},
		{"message larger than MaxEventSize", at("-1", 0), []step{ok("b", `[1,"`+strings.Repeat("x", 1100)+`"]`)}, "message larger than 1024 bytes"},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			srv := newFakeStream(t, c.steps...)
			opts := srv.opts()
			opts.From, opts.Live, opts.MaxEventSize, opts.staleWaits = c.from, LiveLongPoll, 1024, quickStaleWaits
			o := readStream(t, opts)
			var pe *transport.ProtocolError
			if !errors.As(o.err, &pe) || !transport.Permanent(o.err) || !strings.Contains(o.err.Error(), c.msg) {
				t.Fatalf("err = %v, want a protocol error about %q", o.err, c.msg)
			}
			if n := len(srv.requests()); n != len(c.steps) {
				t.Errorf("%d requests, want %d", n, len(c.steps))
			}
			for _, b := range o.batches {
				if len(b.Messages) > 0 {
					t.Errorf("delivered %+v before the error", *b)
				}
			}
		})
	}
}

func TestHandlerErrorStopsReading(t *testing.T) {
	srv := newFakeStream(t, ok("b", `[1]`))
	stop := errors.New("stop")
	calls := 0
	err := ReadStream(t.Context(), srv.opts(), func(*feed.Batch) error { calls++; return stop })
	if err != stop || calls != 1 || len(srv.requests()) != 1 {
		t.Errorf("err = %v after %d calls and %d requests, want the handler's error after 1 and 1", err, calls, len(srv.requests()))
	}
}

// TestStaleEmptyAnswerBelowOffsetIsSkipped: an answer without data whose
// next offset lies below ours, while HEAD shows the tail at or beyond ours,
// is a stale notice: it is skipped and reading goes on from our offset.
func TestStaleEmptyAnswerBelowOffsetIsSkipped(t *testing.T) {
	srv := newFakeStream(t,
		ok("m", `[]`, hUpToDate, "true"), // caught up at m
		ok("a", `[]`, hUpToDate, "true"), // stale long-poll answer
		ok("m", ""),                      // HEAD: the tail is still m
		ok("n", `[7]`, hUpToDate, "true", hClosed, "true"))
	opts := srv.opts()
	opts.From, opts.Live = at("m", 0), LiveLongPoll
	o := readStream(t, opts)
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got := o.messages(); !slices.Equal(got, []string{"7"}) {
		t.Fatalf("messages %q, want [7]", got)
	}
	if got := srv.offsets(); !slices.Equal(got, []string{"m", "m/long-poll", "", "m/long-poll"}) {
		t.Fatalf("requests %q: the stale answer must not move the offset", got)
	}
}
