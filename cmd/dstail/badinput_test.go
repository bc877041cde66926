package main

import (
	"encoding/pem"
	"io"
	"net/http"
	"net/http/httptest"
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dstail/dstail/app"
)

// closedStream is a TLS stream server with one message and the stream's end.
func closedStream(t *testing.T) *httptest.Server {
	t.Helper()
	srv := httptest.NewTLSServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Stream-Next-Offset", "1")
		w.Header().Set("Stream-Closed", "true")
		_, _ = io.WriteString(w, `[{"n":1}]`)
	}))
	t.Cleanup(srv.Close)
	return srv
}

func writeFile(t *testing.T, name string, data []byte) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(path, data, 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

func TestTLSFlags(t *testing.T) {
	srv := closedStream(t)
	url := srv.URL + "/v1/stream/s"
	ca := writeFile(t, "ca.pem", pem.EncodeToMemory(&pem.Block{Type: "CERTIFICATE", Bytes: srv.Certificate().Raw}))
	junk := writeFile(t, "junk.pem", []byte("-----BEGIN NOTHING-----\n"))
	tests := []struct {
		name     string
		args     []string
		env      string // DSTAIL_CACERT
		code     int
		stdout   bool     // the message was printed
		stderr   []string // substrings, each on its own line
		errLines int
	}{
		{"untrusted certificate", []string{url}, "", app.ExitError, false, []string{"certificate", "--cacert FILE", "--insecure"}, 1},
		{"--cacert trusts a private CA", []string{"--cacert", ca, url}, "", app.ExitOK, true, nil, 0},
		{"DSTAIL_CACERT does too", []string{url}, ca, app.ExitOK, true, nil, 0},
		{"--insecure warns and reads", []string{"--insecure", "-q", url}, "", app.ExitOK, true, []string{"warning: --insecure", "not verified"}, 1},
		{"missing --cacert file", []string{"--cacert", filepath.Join(t.TempDir(), "nope.pem"), url}, "", app.ExitUsage, false, []string{"--cacert", "no such file"}, 2},
		{"--cacert without a certificate", []string{"--cacert", junk, url}, "", app.ExitUsage, false, []string{"no PEM certificate"}, 2},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if tt.env != "" {
				t.Setenv("DSTAIL_CACERT", tt.env)
			}
			code, out, errb := runCLI(t, append([]string{"--no-save", "--json"}, tt.args...)...)
			if code != tt.code {
				t.Fatalf("exit %d, want %d; stderr %q", code, tt.code, errb)
			}
			if got := strings.Contains(out, `{"n":1}`); got != tt.stdout {
				t.Errorf("stdout %q, want the message: %v", out, tt.stdout)
			}
			if n := strings.Count(errb, "\n"); n != tt.errLines {
				t.Errorf("stderr has %d lines, want %d: %q", n, tt.errLines, errb)
			}
			for _, want := range tt.stderr {
				if !strings.Contains(errb, want) {
					t.Errorf("stderr %q does not say %q", errb, want)
				}
			}
		})
	}
}

// TestInsecureFromEnvironment: DSTAIL_INSECURE=1 is --insecure, warning
// included.
func TestInsecureFromEnvironment(t *testing.T) {
	srv := closedStream(t)
	t.Setenv("DSTAIL_INSECURE", "1")
	code, out, errb := runCLI(t, "--no-save", "--json", srv.URL+"/v1/stream/s")
	if code != app.ExitOK || !strings.Contains(out, `{"n":1}`) || !strings.Contains(errb, "warning: --insecure") {
		t.Fatalf("exit %d, stdout %q, stderr %q", code, out, errb)
	}
}
