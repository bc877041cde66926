package main

import (
	"net/http"
	"net/http/httptest"
	"os"
	"strings"
	"sync"
	"testing"

	"github.com/dstail/dstail/app"
)

// --compress reaches every request: a stream server on loopback is asked
// for no gzip unless --compress always (or DSTAIL_COMPRESS) says so.
func TestCompressFlagDecidesAcceptEncoding(t *testing.T) {
	var mu sync.Mutex
	var asked []string
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		mu.Lock()
		asked = append(asked, r.Header.Get("Accept-Encoding"))
		mu.Unlock()
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Stream-Next-Offset", "0000000000000000_0000000000000002")
		w.Header().Set("Stream-Up-To-Date", "true")
		w.Write([]byte(`[{"n":1}]`))
	}))
	defer srv.Close()
	for _, tc := range []struct {
		args []string
		env  string
		want string
	}{
		{nil, "", "identity"},
		{[]string{"--compress", "auto"}, "", "identity"},
		{[]string{"--compress", "always"}, "", "gzip"},
		{nil, "always", "gzip"},
		{[]string{"--compress", "never"}, "always", "identity"},
	} {
		t.Setenv("DSTAIL_COMPRESS", tc.env) // restored after the test
		if tc.env == "" {
			os.Unsetenv("DSTAIL_COMPRESS")
		}
		mu.Lock()
		asked = nil
		mu.Unlock()
		args := append([]string{"--json", "--once", "--no-save", "--from", "start", srv.URL + "/s"}, tc.args...)
		code, out, errb := runCLI(t, args...)
		if code != 0 || !strings.Contains(out, `"data":{"n":1}`) {
			t.Fatalf("%v, env %q: exit %d, out %q, stderr %q", tc.args, tc.env, code, out, errb)
		}
		mu.Lock()
		got := strings.Join(asked, ",")
		mu.Unlock()
		if got != tc.want {
			t.Errorf("%v, env %q: server saw Accept-Encoding %q, want %q", tc.args, tc.env, got, tc.want)
		}
	}
}

func TestCompressFlagTakesOnlyItsValues(t *testing.T) {
	code, out, errb := runCLI(t, "--compress", "sometimes", "--no-save", "http://127.0.0.1:1/x")
	if code != app.ExitUsage || out != "" || !strings.Contains(errb, "auto, always, never") {
		t.Fatalf("exit %d, out %q, stderr %q; want a usage error naming the values", code, out, errb)
	}
	if _, out, _ := runCLI(t, "__complete", "--compress", ""); !strings.HasPrefix(out, "auto\nalways\nnever\n") {
		t.Fatalf("completion of --compress: %q", out)
	}
}
