package e2e

import (
	"fmt"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

// TestSignalStopsCleanlyAndSaves stops a live dstail with SIGINT or SIGTERM,
// idle or while messages pour in: it must exit 130 (SIGINT) or 143 (SIGTERM)
// with its position saved, so the next run on the same state prints exactly
// what the first did not.
func TestSignalStopsCleanlyAndSaves(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	tests := []struct {
		sig  syscall.Signal
		live string
		busy bool // signal while a writer is appending
		exit int
	}{
		{syscall.SIGINT, "sse", false, 130},
		{syscall.SIGTERM, "long-poll", false, 143},
		{syscall.SIGINT, "long-poll", true, 130},
		{syscall.SIGTERM, "sse", true, 143},
	}
	const first, total = 100, 1500
	for i, tc := range tests {
		name := fmt.Sprintf("%v/%s/busy=%v", tc.sig, tc.live, tc.busy)
		t.Run(name, func(t *testing.T) {
			t.Parallel()
			stream := fmt.Sprintf("signal-%d", i)
			srv.Create(t, stream, "application/json")
			w := newWriter(srv, stream, uint64(i), 10, 3*time.Millisecond)
			if err := w.jsonRange(0, first); err != nil {
				t.Fatal(err)
			}
			state := t.TempDir()
			args := []string{"--json", "--live", tc.live, srv.StreamURL(stream)}

			p := startDstail(t, state, args...)
			p.waitLines(t, first, 20*time.Second)
			writing := func(*testing.T) {}
			if tc.busy {
				writing = inBackground(func() error { return w.jsonRange(first, total) })
				p.waitLines(t, first+300, 20*time.Second)
			} else {
				time.Sleep(200 * time.Millisecond) // parked in the live request
			}
			p.signal(t, tc.sig)
			if code := p.wait(t); code != tc.exit {
				t.Fatalf("exit %d after %v, want %d; stderr:\n%s", code, tc.sig, tc.exit, p.stderr.String())
			}
			firstRun := seqOf(t, parseRecords(t, p.stdout.String()))

			writing(t)
			if !tc.busy {
				if err := w.jsonRange(first, total); err != nil {
					t.Fatal(err)
				}
			}
			srv.Close(t, stream)
			rest, stderr, code := runDstail(t, state, args...)
			if code != 0 {
				t.Fatalf("second run: exit %d, want 0; stderr:\n%s", code, stderr)
			}
			if !tc.busy && len(firstRun) != first {
				t.Fatalf("first run printed %d messages before %v, want %d", len(firstRun), tc.sig, first)
			}
			checkSequence(t, append(firstRun, seqOf(t, parseRecords(t, rest))...), 0, total)
		})
	}
}
