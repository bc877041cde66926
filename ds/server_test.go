package ds

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// Header names and values the fake server sets often.
const (
	hUpToDate = "Stream-Up-To-Date"
	hClosed   = "Stream-Closed"
	hCursor   = "Stream-Cursor"
	hType     = "Content-Type"
	hEncoding = "Stream-Sse-Data-Encoding"
)

// seenRequest is what the fake server recorded about one request.
type seenRequest struct {
	Method   string
	Query    url.Values
	RawQuery string
	Header   http.Header
	At       time.Time
}

// step answers one request of a scripted exchange.
type step func(w http.ResponseWriter, r *http.Request)

// fakeStream is a Durable Streams server that answers the n-th request with
// the n-th step; a request beyond the script fails the test with a 418, which
// the reader treats as permanent, so a runaway reader stops at once.
type fakeStream struct {
	*httptest.Server
	t     testing.TB
	mu    sync.Mutex
	reqs  []seenRequest
	steps []step
}

func newFakeStream(t testing.TB, steps ...step) *fakeStream {
	f := &fakeStream{t: t, steps: steps}
	f.Server = httptest.NewServer(http.HandlerFunc(f.serve))
	t.Cleanup(f.Close)
	return f
}

func (f *fakeStream) serve(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock()
	n := len(f.reqs)
	f.reqs = append(f.reqs, seenRequest{Method: r.Method, Query: r.URL.Query(), RawQuery: r.URL.RawQuery, Header: r.Header.Clone(), At: time.Now()})
	f.mu.Unlock()
	if n >= len(f.steps) {
		f.t.Errorf("unexpected request %d: %s %s", n, r.Method, r.URL)
		w.WriteHeader(http.StatusTeapot)
		return
	}
	f.steps[n](w, r)
}

func (f *fakeStream) requests() []seenRequest {
	f.mu.Lock()
	defer f.mu.Unlock()
	return append([]seenRequest(nil), f.reqs...)
}

// offsets lists the offset parameter of every request, "live" mode appended
// after a slash when present: "b/sse".
func (f *fakeStream) offsets() []string {
	var out []string
	for _, r := range f.requests() {
		s := r.Query.Get("offset")
		if l := r.Query.Get("live"); l != "" {
			s += "/" + l
		}
		out = append(out, s)
	}
	return out
}

// opts are StreamOptions for this server with a tiny backoff.
func (f *fakeStream) opts() StreamOptions {
	return StreamOptions{URL: f.URL + "/v1/stream/s", Backoff: tinyBackoff()}
}

func tinyBackoff() transport.Backoff {
	return transport.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond, Multiplier: 2}
}

// reply answers with status, Stream-Next-Offset next (omitted when empty),
// a JSON content type unless kv overrides it, the header pairs kv and body.
func reply(status int, next, body string, kv ...string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(hType, "application/json")
		if next != "" {
			w.Header().Set("Stream-Next-Offset", next)
		}
		for i := 0; i+1 < len(kv); i += 2 {
			w.Header().Set(kv[i], kv[i+1])
		}
		w.WriteHeader(status)
		_, _ = io.WriteString(w, body)
	}
}

func ok(next, body string, kv ...string) step { return reply(http.StatusOK, next, body, kv...) }

func status(code int, kv ...string) step { return reply(code, "", "", kv...) }

// sseReply writes an event stream: header pairs kv, then each event flushed
// on its own; hold keeps the response open until the client leaves.
func sseReply(hold bool, kv []string, events ...string) step {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set(hType, "text/event-stream")
		for i := 0; i+1 < len(kv); i += 2 {
			w.Header().Set(kv[i], kv[i+1])
		}
		w.WriteHeader(http.StatusOK)
		w.(http.Flusher).Flush()
		for _, ev := range events {
			_, _ = io.WriteString(w, ev)
			w.(http.Flusher).Flush()
		}
		if hold {
			<-r.Context().Done()
		}
	}
}

func eventStream(events ...string) step     { return sseReply(false, nil, events...) }
func heldEventStream(events ...string) step { return sseReply(true, nil, events...) }

// dataEvent frames payload as an SSE data event, one data: line per line.
func dataEvent(payload string) string {
	var b strings.Builder
	b.WriteString("event: data\n")
	for _, line := range strings.Split(payload, "\n") {
		b.WriteString("data:" + line + "\n")
	}
	return b.String() + "\n"
}

func controlEvent(next, cursor string, upToDate, closed bool) string {
	js, _ := json.Marshal(control{StreamNextOffset: next, StreamCursor: cursor, UpToDate: upToDate, StreamClosed: closed})
	return "event: control\ndata:" + string(js) + "\n\n"
}

// caughtUp is the usual first answer before live reading: empty, up to date.
func caughtUp(next string, kv ...string) step {
	return ok(next, "[]", append([]string{hUpToDate, "true"}, kv...)...)
}

// outcome is everything one ReadStream call produced.
type outcome struct {
	batches []*feed.Batch
	states  []feed.State
	err     error
}

func (o outcome) messages() []string {
	var out []string
	for _, b := range o.batches {
		for _, m := range b.Messages {
			out = append(out, string(m.Data))
		}
	}
	return out
}

func (o outcome) retries() []feed.State {
	var out []feed.State
	for _, s := range o.states {
		if s.Phase == feed.PhaseRetrying {
			out = append(out, s)
		}
	}
	return out
}

// readStream runs ReadStream to its end under a generous deadline.
func readStream(t testing.TB, opts StreamOptions) outcome {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return readStreamCtx(ctx, opts)
}

func readStreamCtx(ctx context.Context, opts StreamOptions) outcome {
	var o outcome
	var mu sync.Mutex
	if opts.OnState == nil {
		opts.OnState = func(s feed.State) { mu.Lock(); o.states = append(o.states, s); mu.Unlock() }
	}
	o.err = ReadStream(ctx, opts, func(b *feed.Batch) error {
		o.batches = append(o.batches, b.Clone()) // b is the reader's until we return
		return nil
	})
	mu.Lock()
	defer mu.Unlock()
	return o
}
