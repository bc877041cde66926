package e2erelay

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/internal/faultproxy"
	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

const turnLimit = 60 * time.Second

// TestRelayKilledAndServerRestarted relays a turn with reasoning and a tool
// to a file-backed reference server while viewers follow the stream through
// a proxy that cuts them. The relay is killed with SIGKILL mid-answer and
// started again; the Durable Streams server is restarted once. Every
// viewer's --json folds to OpenCode's state, the stream holds no record
// twice and its events in id order; deleting the session closes the stream
// and ends viewers and relay with 0.
func TestRelayKilledAndServerRestarted(t *testing.T) {
	t.Parallel()
	oc := startOpenCode(t)
	dss := dspeer.Start(t, dspeer.WithDataDir(t.TempDir()), dspeer.WithLongPollTimeout(2*time.Second))
	cuts, err := faultproxy.New(dss.URL(), faultproxy.Config{})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = cuts.Close() })

	id := oc.CreateSession(t, "")
	base := dss.URL() + "/v1/stream/team"
	streamURL := base + "/" + id
	relayArgs := []string{"relay", "--server", oc.URL(), "--to", base, "--index", "_sessions", id}
	relay := start(t, relayArgs...)
	until(t, "initial records in the stream", 30*time.Second, func() bool { return len(streamRecords(t, streamURL)) > 0 })

	viewerURL := cuts.URL() + "/v1/stream/team/" + id
	var viewers []*run
	for range 3 {
		viewers = append(viewers, start(t, viewerURL, "--json", "--no-save"))
	}
	stopCuts := cutEvery(cuts, 700*time.Millisecond)
	defer stopCuts()

	oc.Prompt(t, id, ocpeer.Tag(relayScenario)+" reason, read, then answer at length")
	until(t, "answer deltas in the stream", turnLimit, func() bool {
		return countType(streamRecords(t, streamURL), reconcile.TypePartDelta) >= 40
	})
	relay.kill(t)
	stored := len(streamRecords(t, streamURL))
	relay = start(t, relayArgs...)
	until(t, "the restarted relay appending", turnLimit, func() bool { return len(streamRecords(t, streamURL)) > stored })
	dss.Restart(t)

	oc.WaitIdle(t, id, turnLimit)
	until(t, "the stream folding to the server's state", turnLimit, func() bool {
		return len(foldDiffs(t, oc, id, parseRecords(t, messages(streamRecords(t, streamURL))))) == 0
	})
	recs := streamRecords(t, streamURL)
	assertStreamClean(t, recs)
	if countType(recs, reconcile.TypePartDelta) < 40 || !strings.Contains(string(oc.Messages(t, id)), "reasoning") {
		t.Errorf("want a reasoning part and the answer's deltas relayed; %d deltas", countType(recs, reconcile.TypePartDelta))
	}
	for i, v := range viewers {
		until(t, "viewer folding to the server's state", turnLimit, func() bool {
			return len(foldDiffs(t, oc, id, parseRecords(t, lines(completeLines(v.stdout.String()))))) == 0
		})
		if i == 0 {
			t.Logf("viewer 0: %d records; stream: %d records", len(lines(v.stdout.String())), len(recs))
		}
	}
	stopCuts()

	// The index names the session with its title.
	index := streamRecords(t, base+"/_sessions")
	if len(index) == 0 || !strings.Contains(string(index[len(index)-1]), id) {
		t.Errorf("index stream: %d records, want the session's announcements", len(index))
	}

	// Deleting the session closes its stream: viewers and relay end with 0.
	if code, body := oc.Do(t, http.MethodDelete, "/session/"+url.PathEscape(id), nil); code != http.StatusOK {
		t.Fatalf("delete session: %d %s", code, body)
	}
	for _, v := range viewers {
		if code := v.exit(t, 30*time.Second); code != 0 {
			t.Errorf("viewer exit code %d after the stream closed, want 0", code)
		}
	}
	if code := relay.exit(t, 30*time.Second); code != 0 {
		t.Errorf("relay exit code %d after its only session was deleted, want 0", code)
	}
}

// cutEvery drops every connection through p each interval until stopped.
func cutEvery(p *faultproxy.Proxy, every time.Duration) (stop func()) {
	done := make(chan struct{})
	finished := make(chan struct{})
	go func() {
		defer close(finished)
		tick := time.NewTicker(every)
		defer tick.Stop()
		for {
			select {
			case <-done:
				return
			case <-tick.C:
				p.Interrupt()
			}
		}
	}()
	var once bool
	return func() {
		if !once {
			once = true
			close(done)
			<-finished
		}
	}
}

// completeLines drops a last line not yet ended.
func completeLines(out string) string {
	if i := strings.LastIndexByte(out, '\n'); i >= 0 {
		return out[:i+1]
	}
	return ""
}
