package e2e

import (
	"fmt"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

// TestLiveFollowEndsWhenStreamCloses follows a stream live and expects exit
// 0 right after the last message once the writer closes it.
func TestLiveFollowEndsWhenStreamCloses(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	tests := []struct {
		live string
		// how the stream ends: "close" (an empty closing POST), "append-and-close"
		// (the last message and the close in one request) or "closed-before"
		// (closed before dstail starts).
		end string
	}{
		{"sse", "close"},
		{"sse", "append-and-close"},
		{"sse", "closed-before"},
		{"long-poll", "close"},
		{"long-poll", "append-and-close"},
		{"long-poll", "closed-before"},
	}
	for i, tc := range tests {
		t.Run(tc.live+"/"+tc.end, func(t *testing.T) {
			t.Parallel()
			stream := fmt.Sprintf("closing-%d", i)
			srv.Create(t, stream, "application/json")
			w := newWriter(srv, stream, uint64(i), 10, 0)
			if err := w.jsonRange(0, 100); err != nil {
				t.Fatal(err)
			}
			if tc.end == "closed-before" {
				srv.Close(t, stream)
			}
			p := startDstail(t, t.TempDir(), "--json", "--live", tc.live, srv.StreamURL(stream))
			last := 100
			if tc.end != "closed-before" {
				p.waitLines(t, 100, 20*time.Second)
				// Give dstail time to park in its live request before the rest.
				time.Sleep(300 * time.Millisecond)
				if err := w.jsonRange(100, 150); err != nil {
					t.Fatal(err)
				}
				last = 150
				switch tc.end {
				case "close":
					srv.Close(t, stream)
				case "append-and-close":
					srv.AppendAndClose(t, stream, []byte(fmt.Sprintf(`{"n":%d}`, last)))
					last++
				}
			}
			if code := p.wait(t); code != 0 {
				t.Fatalf("exit %d after the stream closed, want 0; stderr:\n%s", code, p.stderr.String())
			}
			checkSequence(t, seqOf(t, parseRecords(t, p.stdout.String())), 0, last)
		})
	}
}
