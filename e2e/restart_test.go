package e2e

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

// TestServerRestartWhileFollowing restarts a file-backed server twice under
// a live dstail: it must reconnect, resume where it was and deliver every
// message exactly once, then exit 0 when the stream closes.
//
// It runs alone: while a server is down for its restart, a server started by
// a parallel test may be given the freed port, and dstail (rightly) stops on
// the foreign stream's offsets going backwards.
func TestServerRestartWhileFollowing(t *testing.T) {
	for _, live := range []string{"sse", "long-poll"} {
		t.Run(live, func(t *testing.T) {
			srv := dspeer.Start(t, dspeer.WithDataDir(t.TempDir()))
			const stream = "restarted"
			srv.Create(t, stream, "application/json")
			w := newWriter(srv, stream, 21, 20, time.Millisecond)
			p := startDstail(t, t.TempDir(), "--json", "--live", live, srv.StreamURL(stream))

			const perRound, rounds = 300, 3
			for round := range rounds {
				if round > 0 {
					restartKeepingTail(t, srv, stream)
				}
				if err := w.jsonRange(round*perRound, (round+1)*perRound); err != nil {
					t.Fatal(err)
				}
				p.waitLines(t, (round+1)*perRound, 30*time.Second)
			}
			srv.Close(t, stream)
			if code := p.wait(t); code != 0 {
				t.Fatalf("exit %d, want 0; stderr:\n%s", code, p.stderr.String())
			}
			checkSequence(t, seqOf(t, parseRecords(t, p.stdout.String())), 0, rounds*perRound)
			if n := strings.Count(p.stderr.String(), "dstail: reconnected"); n < rounds-1 {
				t.Errorf("%d reconnects noticed, want one per restart (%d); stderr:\n%s", n, rounds-1, p.stderr.String())
			}
		})
	}
}

// restartKeepingTail restarts the server and checks it came back as the
// same stream with every acknowledged append, so a failure here names the
// server (or a stolen port) rather than dstail.
func restartKeepingTail(t *testing.T, srv *dspeer.Server, stream string) {
	t.Helper()
	before := srv.Head(t, stream).NextOffset
	srv.Restart(t)
	if after := srv.Head(t, stream).NextOffset; after != before {
		t.Fatalf("the restarted server has tail %s, %s before the restart", after, before)
	}
}
