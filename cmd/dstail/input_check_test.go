package main

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dstail/dstail/app"
)

// TestLocalBadInputIsAUsageError: every local mistake in a URL, --server,
// a named server or -H exits 2 with one line naming it, before any request
// reaches the server.
func TestLocalBadInputIsAUsageError(t *testing.T) {
	var requests atomic.Int64
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, _ *http.Request) {
		requests.Add(1)
		w.WriteHeader(http.StatusNotFound)
	}))
	t.Cleanup(srv.Close)
	stream := srv.URL + "/v1/stream/s"
	tests := []struct {
		name   string
		config string
		args   []string
		want   string
	}{
		{"header with CR LF", "", []string{"-H", "X: a\r\nY: b", stream}, "control character"},
		{"header with NUL", "", []string{"-H", "X: a\x00b", stream}, "control character"},
		{"header with a bare LF", "", []string{"-H", "X: a\nb", stream}, "control character"},
		{"header name with a space", "", []string{"-H", "X Y: b", stream}, "not a valid header name"},
		{"header name with a colon-less line", "", []string{"-H", "novalue", stream}, "want 'Name: value'"},
		{"header name with a non-token", "", []string{"-H", "X(1): b", stream}, "not a valid header name"},
		{"header for sessions", "", []string{"sessions", "--server", srv.URL, "-H", "X: a\rb"}, "control character"},
		{"stream port too big", "", []string{"http://127.0.0.1:99999/v1/stream/s"}, "port 99999, outside 1-65535"},
		{"stream port zero", "", []string{"http://127.0.0.1:0/v1/stream/s"}, "port 0, outside 1-65535"},
		{"stream unknown scheme", "", []string{"ftp://127.0.0.1/s"}, `scheme "ftp"`},
		{"stream bad host", "", []string{"http://a b/s"}, "not a valid URL"},
		{"stream without host", "", []string{"http:///s"}, "no host"},
		{"server port too big", "", []string{"--server", "http://127.0.0.1:99999", "ses_a"}, "port 99999"},
		{"server port for a stream name", "", []string{"--server", "http://127.0.0.1:70000", "orders"}, "port 70000"},
		{"server port for sessions", "", []string{"sessions", "--server", "http://127.0.0.1:65536"}, "port 65536"},
		{"server port for --all", "", []string{"--all", "--server", "https://127.0.0.1:99999"}, "port 99999"},
		{"server with a control character", "", []string{"--server", "http://127.0.0.1:1/\x7fx", "ses_a"}, "not a valid URL"},
		{"named server port", "[servers.w]\nurl = \"http://127.0.0.1:99999\"\n", []string{"--server", "w", "ses_a"}, ":1: servers.w: url \"http://127.0.0.1:99999\" has port 99999"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			useConfig(t, tt.config)
			args := tt.args
			if args[0] != "sessions" {
				args = append(args, "--no-save", "--once")
			}
			code, out, errb := runCLI(t, args...)
			if code != app.ExitUsage || out != "" {
				t.Errorf("exit %d, stdout %q; want %d and nothing", code, out, app.ExitUsage)
			}
			if first := firstLine(errb); !strings.HasPrefix(first, "dstail: ") || !strings.Contains(first, tt.want) {
				t.Errorf("first stderr line %q, want one naming %q", first, tt.want)
			}
			if n := requests.Load(); n != 0 {
				t.Fatalf("%d requests were sent", n)
			}
		})
	}
}
