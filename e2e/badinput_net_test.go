package e2e

import (
	"bytes"
	"github.com/dstail/dstail/internal/testbin"
	"net/http"
	"strings"
	"testing"
)

// hugeEvent sends one SSE data event of size bytes, then a control; a
// reader that stops early just ends the write.
func hugeEvent(size int) http.HandlerFunc {
	return func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		if _, err := w.Write([]byte("event: data\ndata:[\"")); err != nil {
			return
		}
		chunk := bytes.Repeat([]byte("x"), 64<<10)
		for sent := 0; sent < size; sent += len(chunk) {
			if _, err := w.Write(chunk); err != nil {
				return
			}
		}
		_, _ = w.Write([]byte("\"]\n\n" + sseClosed(offsetThree)))
	}
}

// TestHugeEvent sends a 100 MiB event: dstail stops with one line naming
// the limit (the event would come back on every reconnect), having printed
// and saved what came before, and never holds more than the limit.
func TestHugeEvent(t *testing.T) {
	t.Parallel()
	const size = 100 << 20
	tests := []struct {
		name   string
		limit  []string
		want   string
		maxRSS int64 // KiB; 0: unchecked
	}{
		{"default 64 MiB limit", nil, "event larger than 67108864 bytes (raise --max-event-size)", 0},
		{"4 MiB limit", []string{"--max-event-size", "4194304"}, "event larger than 4194304 bytes", 96 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			t.Parallel()
			f := newFakeStream(t, true, hugeEvent(size), false)
			state := t.TempDir()
			p := startDstail(t, state, append(append([]string{"--json"}, tt.limit...), f.url())...)
			stop := make(chan struct{})
			peak := testbin.WatchPeakRSS(p.cmd.Process.Pid, stop)
			code := p.wait(t)
			close(stop)
			if code != 1 {
				t.Errorf("exit %d, want 1; stderr:\n%s", code, p.stderr.String())
			}
			checkMessages(t, "the run", p.stdout.String(), 1, 2)
			checkOneLine(t, p.stderr.String(), []string{tt.want}, nil)
			rss := <-peak >> 10
			t.Logf("peak RSS %d MiB", rss>>10)
			if rss <= 0 || tt.maxRSS > 0 && rss > tt.maxRSS {
				t.Errorf("peak RSS %d KiB for a %d-byte limit, want above 0 and under %d KiB", rss, 4<<20, tt.maxRSS)
			}
			f.heal()
			stdout, stderr, code := runDstail(t, state, "--json", f.url())
			if code != 0 {
				t.Errorf("healed run: exit %d; stderr:\n%s", code, stderr)
			}
			checkMessages(t, "the healed run", stdout, 3)
		})
	}
}

// TestUnresolvableHost: a name that cannot resolve ends the run at once.
// The Go resolver refuses the malformed name without asking any server.
func TestUnresolvableHost(t *testing.T) {
	t.Setenv("GODEBUG", "netdns=go")
	stdout, stderr, code := runDstail(t, t.TempDir(), "--json", "http://no-such-host..invalid/v1/stream/s")
	if code != 1 || stdout != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	checkOneLine(t, stderr, []string{"no such host"}, nil)
}

// TestUntrustedCertificate: a self-signed server is refused in one line
// that names the flags that fix it, before any request reaches it.
func TestUntrustedCertificate(t *testing.T) {
	t.Parallel()
	f := newFakeStream(t, false, nil, true)
	stdout, stderr, code := runDstail(t, t.TempDir(), "--json", f.url())
	if code != 1 || stdout != "" {
		t.Errorf("exit %d, stdout %q; want 1 and nothing", code, stdout)
	}
	checkOneLine(t, stderr, []string{"certificate", "--cacert FILE", "--insecure"}, nil)
	if !strings.HasPrefix(f.url(), "https://") {
		t.Fatalf("the fake is not TLS: %s", f.url())
	}
}
