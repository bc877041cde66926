package transport

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync"
	"testing"
)

// gzipServer answers body, gzipped when the request asks for gzip, or
// always when forced; it records the Accept-Encoding each request sent.
func gzipServer(t *testing.T, body string, forced bool) (*httptest.Server, func() []string) {
	var mu sync.Mutex
	var asked []string
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.Header.Get("Accept-Encoding"))
		mu.Unlock()
		if !forced && !strings.Contains(r.Header.Get("Accept-Encoding"), "gzip") {
			io.WriteString(w, body)
			return
		}
		w.Header().Set("Content-Encoding", "gzip")
		zw := gzip.NewWriter(w)
		io.WriteString(zw, body)
		zw.Close()
	}))
	t.Cleanup(s.Close)
	return s, func() []string {
		mu.Lock()
		defer mu.Unlock()
		return append([]string(nil), asked...)
	}
}

func getBody(t *testing.T, c Compression, url string) (string, *http.Response) {
	t.Helper()
	resp, err := NewHTTPClient(HTTPOptions{Compress: c}).Get(url)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	b, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("reading the body: %v", err)
	}
	return string(b), resp
}

func TestCompressionAskedByChoice(t *testing.T) {
	const body = `[{"n":1},{"n":2}]`
	for _, tc := range []struct {
		c    Compression
		want string // Accept-Encoding the server saw
	}{
		{"", "identity"}, // auto: the test server is on loopback
		{CompressAuto, "identity"},
		{CompressNever, "identity"},
		{CompressAlways, "gzip"},
	} {
		s, asked := gzipServer(t, body, false)
		got, resp := getBody(t, tc.c, s.URL)
		if got != body {
			t.Errorf("%q: body %q, want %q", tc.c, got, body)
		}
		if a := asked(); len(a) != 1 || a[0] != tc.want {
			t.Errorf("%q: server saw Accept-Encoding %q, want %q", tc.c, a, tc.want)
		}
		if tc.c == CompressAlways && !resp.Uncompressed {
			t.Errorf("%q: a gzip answer was not decoded by the transport", tc.c)
		}
	}
}

func TestServerCompressingUnaskedIsDecoded(t *testing.T) {
	const body = `[{"n":1},{"n":2}]`
	s, _ := gzipServer(t, body, true)
	got, resp := getBody(t, CompressNever, s.URL)
	if got != body {
		t.Fatalf("body %q, want %q", got, body)
	}
	if resp.Header.Get("Content-Encoding") != "" || resp.ContentLength != -1 {
		t.Errorf("decoded response still says Content-Encoding %q, length %d", resp.Header.Get("Content-Encoding"), resp.ContentLength)
	}
}

func TestServerSendingBrokenGzipUnaskedFails(t *testing.T) {
	s := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Encoding", "gzip")
		io.WriteString(w, "not gzip at all")
	}))
	defer s.Close()
	resp, err := NewHTTPClient(HTTPOptions{Compress: CompressNever}).Get(s.URL)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	if _, err := io.ReadAll(resp.Body); err == nil {
		t.Fatal("a body that is not gzip read without error")
	}
}

func TestAutoAsksGzipOfAllButLoopback(t *testing.T) {
	for host, want := range map[string]bool{
		"localhost":         false,
		"LocalHost.":        false,
		"app.localhost":     false,
		"127.0.0.1":         false,
		"127.8.9.10":        false,
		"::1":               false,
		"::ffff:127.0.0.1":  false,
		"example.com":       true,
		"localhost.example": true,
		"10.0.0.1":          true,
		"192.168.1.20":      true,
		"::2":               true,
	} {
		if got := CompressAuto.asksGzip(host); got != want {
			t.Errorf("auto, host %q: asks gzip %v, want %v", host, got, want)
		}
		if !CompressAlways.asksGzip(host) || CompressNever.asksGzip(host) {
			t.Errorf("host %q: always/never do not decide alone", host)
		}
	}
}
