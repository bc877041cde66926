package dspeer_test

import (
	"fmt"
	"io"
	"net"
	"net/http"
	"runtime"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

func TestRestartFileBackedKeepsStreamsAndOffsets(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t, dspeer.WithDataDir(t.TempDir()))
	srv.Create(t, "durable", "text/plain")
	srv.Append(t, "durable", []byte("before "))
	mid := srv.Append(t, "durable", []byte("restart"))
	url := srv.URL()

	srv.Restart(t)

	if srv.URL() != url {
		t.Fatalf("URL changed across restart: %s -> %s", url, srv.URL())
	}
	r, body := get(t, srv.StreamURL("durable"), "-1")
	if string(body) != "before restart" || r.Header.Get("Stream-Next-Offset") != mid {
		t.Fatalf("after restart: body %q next %q, want %q at %q", body, r.Header.Get("Stream-Next-Offset"), "before restart", mid)
	}
	// The offset minted before the restart still addresses the same position.
	r, body = get(t, srv.StreamURL("durable"), mid)
	if r.StatusCode != http.StatusOK || len(body) != 0 || r.Header.Get("Stream-Next-Offset") != mid {
		t.Fatalf("read at old tail: status %d body %q next %q", r.StatusCode, body, r.Header.Get("Stream-Next-Offset"))
	}
	end := srv.Append(t, "durable", []byte(" and after"))
	if end <= mid {
		t.Fatalf("offset after restart %q not after %q", end, mid)
	}
	if _, body = get(t, srv.StreamURL("durable"), mid); string(body) != " and after" {
		t.Errorf("read from old offset = %q, want only the new data", body)
	}
}

func TestRestartEndsOpenReaders(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t, dspeer.WithDataDir(t.TempDir()))
	srv.Create(t, "live", "text/plain")
	srv.Append(t, "live", []byte("x"))

	r, err := http.Get(srv.StreamURL("live") + "?live=sse&offset=-1")
	if err != nil {
		t.Fatalf("open SSE: %v", err)
	}
	defer r.Body.Close()
	if _, err := r.Body.Read(make([]byte, 1)); err != nil {
		t.Fatalf("first SSE bytes: %v", err)
	}
	srv.Restart(t)

	ended := make(chan error, 1)
	go func() {
		_, err := io.Copy(io.Discard, r.Body)
		ended <- err
	}()
	select {
	case <-ended: // EOF or a reset: either way the reader learns and reconnects
	case <-time.After(10 * time.Second):
		t.Fatal("SSE response still open after the server restarted")
	}
	if got := srv.Read(t, "live", "-1"); string(got.Body) != "x" {
		t.Errorf("after restart: body %q, want %q", got.Body, "x")
	}
}

func TestRestartInMemoryForgetsStreams(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	srv.Create(t, "volatile", "text/plain")
	srv.Restart(t)
	if info := srv.Head(t, "volatile"); info.Status != http.StatusNotFound {
		t.Errorf("HEAD after in-memory restart: status %d, want 404", info.Status)
	}
}

func TestLongPollTimeoutOption(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t, dspeer.WithLongPollTimeout(200*time.Millisecond))
	tail := srv.Create(t, "idle", "text/plain")

	client := http.Client{Timeout: 10 * time.Second} // far below the 30 s default
	r, err := client.Get(srv.StreamURL("idle") + "?live=long-poll&offset=" + tail)
	if err != nil {
		t.Fatalf("long-poll: %v", err)
	}
	r.Body.Close()
	if r.StatusCode != http.StatusNoContent || r.Header.Get("Stream-Next-Offset") != tail {
		t.Errorf("long-poll timeout: status %d next %q, want 204 at %q", r.StatusCode, r.Header.Get("Stream-Next-Offset"), tail)
	}
}

func TestFixedPortAndStop(t *testing.T) {
	t.Parallel()
	port := freePort(t)
	srv := dspeer.Start(t, dspeer.WithPort(port))
	if want := "http://127.0.0.1:" + strconv.Itoa(port); srv.URL() != want {
		t.Fatalf("URL = %s, want %s", srv.URL(), want)
	}
	srv.Stop()
	srv.Stop() // a second stop (and the cleanup's) must be harmless
	if _, err := net.DialTimeout("tcp", "127.0.0.1:"+strconv.Itoa(port), time.Second); err == nil {
		t.Error("server still accepts connections after Stop")
	}
}

func TestInjectFault(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	srv.Create(t, "flaky", "text/plain")
	srv.Append(t, "flaky", []byte("ok"))

	srv.InjectFault(t, "flaky", dspeer.Fault{Method: "GET", Status: http.StatusServiceUnavailable, RetryAfter: 2})
	r, _ := get(t, srv.StreamURL("flaky"), "-1")
	if r.StatusCode != http.StatusServiceUnavailable || r.Header.Get("Retry-After") != "2" {
		t.Errorf("faulted read: status %d Retry-After %q, want 503 with 2", r.StatusCode, r.Header.Get("Retry-After"))
	}
	if r, body := get(t, srv.StreamURL("flaky"), "-1"); r.StatusCode != http.StatusOK || string(body) != "ok" {
		t.Errorf("read after the one-shot fault: status %d body %q", r.StatusCode, body)
	}

	srv.InjectFault(t, "flaky", dspeer.Fault{Method: "GET", Status: http.StatusTooManyRequests, Count: 5})
	srv.ClearFaults(t)
	if r, _ := get(t, srv.StreamURL("flaky"), "-1"); r.StatusCode != http.StatusOK {
		t.Errorf("read after ClearFaults: status %d", r.StatusCode)
	}
}

func freePort(t *testing.T) int {
	t.Helper()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	return l.Addr().(*net.TCPAddr).Port
}

// fatalRecorder stands in for the test so a failing Start can be observed.
type fatalRecorder struct {
	testing.TB
	msg string
}

func (f *fatalRecorder) Fatalf(format string, args ...any) {
	f.msg = fmt.Sprintf(format, args...)
	runtime.Goexit()
}

func TestStartOnBusyPortFailsWithServerOutput(t *testing.T) {
	t.Parallel()
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	defer l.Close()
	rec := &fatalRecorder{TB: t}
	done := make(chan struct{})
	go func() {
		defer close(done)
		dspeer.Start(rec, dspeer.WithPort(l.Addr().(*net.TCPAddr).Port))
	}()
	<-done
	if !strings.Contains(rec.msg, "EADDRINUSE") {
		t.Errorf("Start on a busy port: failure %q does not carry the server's error", rec.msg)
	}
}
