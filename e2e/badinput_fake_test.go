package e2e

import (
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"slices"
	"strings"
	"sync/atomic"
	"testing"
)

// The scripted stream: messages 1 and 2 end at offsetTwo, message 3 at
// offsetThree, where the stream is closed.
const (
	offsetTwo   = "0000_0002"
	offsetThree = "0000_0003"
	streamPath  = "/v1/stream/s"
)

// fakeStream is a Durable Streams server for inputs the reference server
// never sends. The first read gives messages 1 and 2; every later request
// goes to fault while it is set, else gets message 3 and the stream's end.
type fakeStream struct {
	srv    *httptest.Server
	fault  atomic.Pointer[http.HandlerFunc]
	sse    bool // the first read says up to date, so dstail goes live over SSE
	faults atomic.Int32
}

func newFakeStream(t *testing.T, sse bool, fault http.HandlerFunc, tls bool) *fakeStream {
	t.Helper()
	f := &fakeStream{sse: sse}
	if fault != nil {
		f.fault.Store(&fault)
	}
	if tls {
		f.srv = httptest.NewTLSServer(f)
	} else {
		f.srv = httptest.NewServer(f)
	}
	t.Cleanup(f.srv.Close)
	return f
}

func (f *fakeStream) url() string { return f.srv.URL + streamPath }

// heal takes the fault away, so a second run can show what was saved.
func (f *fakeStream) heal() { f.fault.Store(nil) }

func (f *fakeStream) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	offset := r.URL.Query().Get("offset")
	if r.Method == http.MethodGet && offset == "-1" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Stream-Next-Offset", offsetTwo)
		if f.sse {
			w.Header().Set("Stream-Up-To-Date", "true")
		}
		_, _ = io.WriteString(w, `[{"n":1},{"n":2}]`)
		return
	}
	if fault := f.fault.Load(); fault != nil {
		f.faults.Add(1)
		(*fault)(w, r)
		return
	}
	healthyTail(w, r)
}

// healthyTail answers with message 3 and the end of the stream.
func healthyTail(w http.ResponseWriter, r *http.Request) {
	offset := r.URL.Query().Get("offset")
	w.Header().Set("Stream-Closed", "true")
	if r.Method == http.MethodHead || offset == offsetThree {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Stream-Next-Offset", offsetThree)
		_, _ = io.WriteString(w, `[]`)
		return
	}
	if r.URL.Query().Get("live") == "sse" {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = io.WriteString(w, sseData(`[{"n":3}]`)+sseClosed(offsetThree))
		return
	}
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Stream-Next-Offset", offsetThree)
	_, _ = io.WriteString(w, `[{"n":3}]`)
}

func sseData(data string) string { return "event: data\ndata:" + data + "\n\n" }

func sseClosed(next string) string {
	return fmt.Sprintf("event: control\ndata:{\"streamNextOffset\":%q,\"streamClosed\":true}\n\n", next)
}

// answer is a fault that always gives status, headers and body.
func answer(status int, body string, header ...string) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		for i := 0; i+1 < len(header); i += 2 {
			w.Header().Set(header[i], header[i+1])
		}
		w.WriteHeader(status)
		if r.Method != http.MethodHead {
			_, _ = io.WriteString(w, body)
		}
	}
}

// checkOneLine requires stderr to be exactly one "dstail: " line holding
// every want and none of the banned strings.
func checkOneLine(t *testing.T, stderr string, want, banned []string) {
	t.Helper()
	lines := strings.Split(strings.TrimSuffix(stderr, "\n"), "\n")
	if stderr == "" || len(lines) != 1 || !strings.HasPrefix(lines[0], "dstail: ") {
		t.Errorf("stderr is not one \"dstail: \" line:\n%s", stderr)
	}
	for _, s := range want {
		if !strings.Contains(stderr, s) {
			t.Errorf("stderr does not say %q:\n%s", s, stderr)
		}
	}
	for _, s := range banned {
		if strings.Contains(stderr, s) {
			t.Errorf("stderr shows %q:\n%s", s, stderr)
		}
	}
}

// checkMessages requires stdout to hold exactly the messages want, in order.
func checkMessages(t *testing.T, run, stdout string, want ...int) {
	t.Helper()
	got := seqOf(t, parseRecords(t, stdout))
	if !slices.Equal(got, want) && !(len(got) == 0 && len(want) == 0) {
		t.Errorf("%s printed messages %v, want %v", run, got, want)
	}
}
