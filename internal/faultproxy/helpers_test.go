package faultproxy_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/faultproxy"
)

// target is an HTTP server behind the proxy that counts the requests it saw.
type target struct {
	*httptest.Server
	requests atomic.Int64
}

// payload is n deterministic bytes covering every byte value.
func payload(n int) []byte {
	b := make([]byte, n)
	for i := range b {
		b[i] = byte(i*7 + i/256)
	}
	return b
}

// newTarget serves /bytes?n=N (N payload bytes) and /echo (the request body).
func newTarget(t *testing.T) *target {
	t.Helper()
	tg := &target{}
	mux := http.NewServeMux()
	mux.HandleFunc("/bytes", func(w http.ResponseWriter, r *http.Request) {
		tg.requests.Add(1)
		n, err := strconv.Atoi(r.URL.Query().Get("n"))
		if err != nil || n < 0 {
			http.Error(w, "bad n", http.StatusBadRequest)
			return
		}
		w.Header().Set("Content-Length", strconv.Itoa(n))
		_, _ = w.Write(payload(n))
	})
	mux.HandleFunc("/echo", func(w http.ResponseWriter, r *http.Request) {
		tg.requests.Add(1)
		_, _ = io.Copy(w, r.Body)
	})
	tg.Server = httptest.NewServer(mux)
	t.Cleanup(tg.Close)
	return tg
}

func newProxy(t *testing.T, targetURL string, cfg faultproxy.Config) *faultproxy.Proxy {
	t.Helper()
	p, err := faultproxy.New(targetURL, cfg)
	if err != nil {
		t.Fatalf("New: %v", err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// newClient returns a client whose pooled connections are dropped at the end.
func newClient(t *testing.T, keepAlive bool, timeout time.Duration) *http.Client {
	t.Helper()
	tr := &http.Transport{DisableKeepAlives: !keepAlive}
	t.Cleanup(tr.CloseIdleConnections)
	return &http.Client{Transport: tr, Timeout: timeout}
}

// rawGet sends one HTTP/1.1 request on a fresh TCP connection and returns
// every byte received until the connection ended, and how it ended.
func rawGet(t *testing.T, addr, path string) ([]byte, error) {
	t.Helper()
	c, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatalf("dial proxy: %v", err)
	}
	defer c.Close()
	_ = c.SetDeadline(time.Now().Add(10 * time.Second))
	if _, err := io.WriteString(c, "GET "+path+" HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"); err != nil {
		t.Fatalf("write request: %v", err)
	}
	var got bytes.Buffer
	_, err = io.Copy(&got, c)
	return got.Bytes(), err
}
