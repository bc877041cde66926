package ds

import (
	"errors"
	"net"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

func TestRedactURL(t *testing.T) {
	cases := []struct{ in, want string }{
		{"http://h:1/v1/stream/x", "http://h:1/v1/stream/x"},
		{"https://user:pw@h/s", "https://h/s"},
		{"https://user@h/s?offset=5", "https://h/s?offset=5"},
		{"http://h/s?token=abc&offset=1", "http://h/s?offset=1&token=REDACTED"},
		{"http://h/s?api_key=1&X-Amz-Signature=2&Password=3", "http://h/s?Password=REDACTED&X-Amz-Signature=REDACTED&api_key=REDACTED"},
		{"not a url \x7f", "not a url \x7f"},
	}
	for _, c := range cases {
		if got := transport.RedactURL(c.in); got != c.want {
			t.Errorf("RedactURL(%q) = %q, want %q", c.in, got, c.want)
		}
	}
}

// secretsIn lists the secrets of a URL with userinfo and a token that
// show up in s.
func secretsIn(s string) []string {
	var found []string
	for _, secret := range []string{"alice", "hunter2", "tok3n"} {
		if strings.Contains(s, secret) {
			found = append(found, secret)
		}
	}
	return found
}

// TestErrorsNeverShowCredentials covers the errors a user sees for a URL
// carrying userinfo and a token: transport errors (which quote the URL),
// status errors and cross-origin redirects.
func TestErrorsNeverShowCredentials(t *testing.T) {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	closed := l.Addr().String()
	l.Close()
	foreign := httptest.NewServer(http.NotFoundHandler())
	defer foreign.Close()
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/moved" {
			http.Redirect(w, r, foreign.URL+"/s", http.StatusFound)
			return
		}
		w.WriteHeader(http.StatusUnauthorized)
	}))
	defer srv.Close()
	host := strings.TrimPrefix(srv.URL, "http://")
	for _, raw := range []string{
		"http://alice:hunter2@" + closed + "/s?token=tok3n",
		"http://alice:hunter2@" + host + "/s?token=tok3n",
		"http://alice:hunter2@" + host + "/moved?token=tok3n",
	} {
		opts := StreamOptions{URL: raw, Live: LiveOff, MaxRetries: 1, Backoff: transport.Backoff{Initial: time.Millisecond, Max: time.Millisecond}}
		err := ReadStream(t.Context(), opts, func(*feed.Batch) error { return nil })
		if err == nil {
			t.Fatalf("%s: no error", transport.RedactURL(raw))
		}
		if s := secretsIn(err.Error()); len(s) > 0 {
			t.Errorf("error shows %v: %v", s, err)
		}
		var oe *net.OpError
		if strings.Contains(raw, closed) && !errors.As(err, &oe) {
			t.Errorf("closed port: err = %v, want the dial error kept", err)
		}
	}
}
