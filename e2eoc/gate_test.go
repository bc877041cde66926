package e2eoc

import (
	"bytes"
	"compress/gzip"
	"context"
	"io"
	"log"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"sync"
	"testing"
	"time"
)

// gate is a reverse proxy in front of OpenCode that can end the event
// streams passing through it, hold back the next GET /session/status (to
// put a reconnect at an exact point of a turn) and record the REST answers
// a client got.
type gate struct {
	srv *httptest.Server

	mu          sync.Mutex
	streams     map[*http.Request]context.CancelFunc
	statusDelay time.Duration // for the next status request only
	delayed     int           // status requests held back so far
	recording   bool
	bodies      []recorded // answers to other requests while recording
}

// recorded is one answer the gate passed on.
type recorded struct {
	request string // method and path
	body    []byte
}

func newGate(t *testing.T, target string) *gate {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	g := &gate{streams: map[*http.Request]context.CancelFunc{}}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.ErrorLog = log.New(io.Discard, "", 0) // cut streams are expected
	rp.FlushInterval = -1
	g.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case isStream(r.URL.Path):
			ctx, done := g.track(r)
			defer done()
			rp.ServeHTTP(w, r.WithContext(ctx))
			return
		case r.URL.Path == "/session/status":
			time.Sleep(g.takeStatusDelay())
		}
		if !g.isRecording() {
			rp.ServeHTTP(w, r)
			return
		}
		rec := &recorder{ResponseWriter: w}
		rp.ServeHTTP(rec, r)
		g.mu.Lock()
		g.bodies = append(g.bodies, recorded{r.Method + " " + r.URL.Path, rec.decoded()})
		g.mu.Unlock()
	}))
	t.Cleanup(func() {
		g.cutStreams()
		g.srv.Close()
	})
	return g
}

func (g *gate) URL() string { return g.srv.URL }

// track registers an event stream so that cutStreams can end it.
func (g *gate) track(r *http.Request) (context.Context, func()) {
	ctx, cancel := context.WithCancel(r.Context())
	g.mu.Lock()
	g.streams[r] = cancel
	g.mu.Unlock()
	return ctx, func() {
		g.mu.Lock()
		delete(g.streams, r)
		g.mu.Unlock()
		cancel()
	}
}

func (g *gate) takeStatusDelay() time.Duration {
	g.mu.Lock()
	defer g.mu.Unlock()
	d := g.statusDelay
	g.statusDelay = 0
	if d > 0 {
		g.delayed++
	}
	return d
}

// holdNextStatus delays the answer to the next GET /session/status by d.
func (g *gate) holdNextStatus(d time.Duration) {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.statusDelay = d
}

// cutStreams ends every event stream in flight and returns how many.
func (g *gate) cutStreams() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	for _, cancel := range g.streams {
		cancel()
	}
	return len(g.streams)
}

func (g *gate) statusesDelayed() int {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.delayed
}

// record starts or stops keeping the answers to requests other than event
// streams, and returns what was kept so far.
func (g *gate) record(on bool) []recorded {
	g.mu.Lock()
	defer g.mu.Unlock()
	g.recording = on
	return append([]recorded(nil), g.bodies...)
}

func (g *gate) isRecording() bool {
	g.mu.Lock()
	defer g.mu.Unlock()
	return g.recording
}

// recorder keeps a copy of an answer's body.
type recorder struct {
	http.ResponseWriter
	body []byte
}

func (r *recorder) Write(p []byte) (int, error) {
	r.body = append(r.body, p...)
	return r.ResponseWriter.Write(p)
}

func (r *recorder) Unwrap() http.ResponseWriter { return r.ResponseWriter }

func isStream(path string) bool { return path == "/global/event" || path == "/event" }

// decoded is the body as the client reads it (Go's client asks for gzip).
func (r *recorder) decoded() []byte {
	if r.Header().Get("Content-Encoding") != "gzip" {
		return r.body
	}
	zr, err := gzip.NewReader(bytes.NewReader(r.body))
	if err != nil {
		return r.body
	}
	plain, err := io.ReadAll(zr)
	if err != nil {
		return r.body
	}
	return plain
}
