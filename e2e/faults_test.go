package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/internal/faultproxy"
)

// TestFollowThroughFaultyNetwork follows a stream live through a proxy that
// resets and cuts connections after a few KB and answers some with 503 and
// Retry-After, while a writer appends thousands of messages and then closes
// the stream. dstail must print each message exactly once, in order, and
// exit 0.
func TestFollowThroughFaultyNetwork(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name string
		live string
		seed uint64
		// compressed lets the server gzip catch-up bodies of 1 KiB and more,
		// so faults also land inside compressed bodies.
		compressed bool
	}{
		{"sse", "sse", 11, false},
		{"sse gzip", "sse", 12, true},
		{"long-poll", "long-poll", 13, false},
		{"long-poll gzip", "long-poll", 14, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			var opts []dspeer.Option
			if !tc.compressed {
				opts = append(opts, dspeer.WithoutCompression())
			}
			srv := dspeer.Start(t, opts...)
			const stream, total = "faulty", 3000
			srv.Create(t, stream, "application/json")
			w := newWriter(srv, stream, tc.seed, 20, 20*time.Millisecond)
			// A head start, so the first reads are catch-up bodies big enough
			// to be compressed and cut.
			if err := w.jsonRange(0, 300); err != nil {
				t.Fatal(err)
			}

			proxy := startProxy(t, srv, faultproxy.Config{
				Seed:   tc.seed,
				Status: faultproxy.StatusFault{Rate: 1, Code: 503, RetryAfter: 1},
			})
			args := []string{"--json", "--live", tc.live}
			if tc.compressed {
				args = append(args, "--compress", "always") // the proxy is on loopback
			}
			p := startDstail(t, t.TempDir(), append(args, proxy.URL()+srv.StreamPath(stream))...)
			waitFor(t, "the first 503", func() bool { return proxy.Stats().Statuses > 0 })
			// The first connection is answered 503; after that every connection
			// gets a fault, since one fault-free keep-alive connection would carry
			// the rest of the test. Limits reach well above what piles up while
			// dstail waits, so it can always make progress.
			if err := proxy.SetConfig(faultproxy.Config{
				Status: faultproxy.StatusFault{Rate: 0.1, Code: 503, RetryAfter: 1},
				Reset:  faultproxy.ByteFault{Rate: 0.6, Min: 1 << 10, Max: 24 << 10},
				Cut:    faultproxy.ByteFault{Rate: 0.3, Min: 1 << 10, Max: 24 << 10},
			}); err != nil {
				t.Fatal(err)
			}

			wait := inBackground(func() error { return w.jsonRange(300, total) })
			wait(t)
			srv.Close(t, stream)
			code := p.wait(t)
			stats := proxy.Stats()
			t.Logf("%s proxy: %+v", tc.name, stats)
			if code != 0 {
				t.Fatalf("exit %d, want 0; stderr:\n%s", code, p.stderr.String())
			}
			checkSequence(t, seqOf(t, parseRecords(t, p.stdout.String())), 0, total)
			if stats.Statuses < 1 || stats.Resets < 1 || stats.Resets+stats.Cuts < 3 {
				t.Errorf("too few faults injected (%+v); the test did not exercise reconnects", stats)
			}
			if !strings.Contains(p.stderr.String(), "dstail: reconnecting") {
				t.Errorf("stderr has no reconnect notice:\n%s", p.stderr.String())
			}
		})
	}
}

func startProxy(t *testing.T, srv *dspeer.Server, cfg faultproxy.Config) *faultproxy.Proxy {
	t.Helper()
	p, err := faultproxy.New(srv.URL(), cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = p.Close() })
	return p
}

// waitFor polls cond for up to 20 s.
func waitFor(t *testing.T, what string, cond func() bool) {
	t.Helper()
	deadline := time.Now().Add(20 * time.Second)
	for !cond() {
		if time.Now().After(deadline) {
			t.Fatalf("timed out waiting for %s", what)
		}
		time.Sleep(5 * time.Millisecond)
	}
}
