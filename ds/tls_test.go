package ds

import (
	"encoding/pem"
	"errors"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// tlsStream is a TLS server answering one closed, empty JSON stream.
func tlsStream(t *testing.T) (*httptest.Server, *atomic.Int32) {
	t.Helper()
	var hits atomic.Int32
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		hits.Add(1)
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Stream-Next-Offset", "b")
		w.Header().Set("Stream-Closed", "true")
		_, _ = w.Write([]byte("[]"))
	}))
	t.Cleanup(srv.Close)
	return srv, &hits
}

// caFile writes the server's certificate as a PEM file.
func caFile(t *testing.T, srv *httptest.Server) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "ca.pem")
	block := pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw})
	if err := os.WriteFile(path, block, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func readWith(t *testing.T, url string, o transport.TLSOptions) error {
	t.Helper()
	cfg, err := transport.TLSConfig(o)
	if err != nil {
		t.Fatal(err)
	}
	opts := StreamOptions{URL: url, HTTP: transport.NewHTTPClient(transport.HTTPOptions{TLS: cfg}), Live: LiveOff,
		Backoff: transport.Backoff{Initial: time.Millisecond, Max: time.Millisecond}}
	return ReadStream(t.Context(), opts, func(*feed.Batch) error { return nil })
}

func TestUntrustedCertificateStopsWithAHint(t *testing.T) {
	srv, hits := tlsStream(t)
	err := readWith(t, srv.URL+"/s", transport.TLSOptions{})
	var te *transport.TLSError
	if !errors.As(err, &te) || !transport.Permanent(err) {
		t.Fatalf("err = %v, want a permanent TLSError", err)
	}
	for _, want := range []string{"certificate", "--cacert FILE", "--insecure"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not mention %q", err, want)
		}
	}
	if hits.Load() != 0 {
		t.Errorf("%d requests reached the untrusted server", hits.Load())
	}
}

func TestCACertAndInsecureAreTrusted(t *testing.T) {
	srv, hits := tlsStream(t)
	if err := readWith(t, srv.URL+"/s", transport.TLSOptions{CAFile: caFile(t, srv)}); err != nil {
		t.Errorf("with --cacert: %v", err)
	}
	if err := readWith(t, srv.URL+"/s", transport.TLSOptions{Insecure: true}); err != nil {
		t.Errorf("with --insecure: %v", err)
	}
	if hits.Load() != 2 {
		t.Errorf("%d requests, want 2", hits.Load())
	}
}

func TestPlainServerBehindHTTPS(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	err := readWith(t, strings.Replace(srv.URL, "http://", "https://", 1)+"/s", transport.TLSOptions{})
	var te *transport.TLSError
	if !errors.As(err, &te) || !transport.Permanent(err) || !strings.Contains(err.Error(), "try http://") {
		t.Fatalf("err = %v, want a permanent TLSError suggesting http://", err)
	}
}

func TestTLSConfigRejectsBadCAFiles(t *testing.T) {
	dir := t.TempDir()
	garbage := filepath.Join(dir, "garbage.pem")
	if err := os.WriteFile(garbage, []byte("not a certificate\n"), 0o600); err != nil {
		t.Fatal(err)
	}
	for _, c := range []struct{ file, want string }{
		{filepath.Join(dir, "missing.pem"), "no such file"},
		{garbage, "no PEM certificate"},
	} {
		cfg, err := transport.TLSConfig(transport.TLSOptions{CAFile: c.file})
		if err == nil || cfg != nil || !strings.Contains(err.Error(), c.want) || !strings.HasPrefix(err.Error(), "--cacert") {
			t.Errorf("%s: cfg %v err %v, want an error about %q", c.file, cfg, err, c.want)
		}
	}
	if cfg, err := transport.TLSConfig(transport.TLSOptions{}); cfg != nil || err != nil {
		t.Errorf("defaults: cfg %v err %v, want nil (system roots, verification on)", cfg, err)
	}
}
