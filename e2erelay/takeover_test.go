package e2erelay

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/internal/ocpeer"
)

// TestRelayTakeover starts a second relay on a relayed session: the first
// one is refused (a newer producer epoch) and stops with exit 1 and one
// line saying so; the stream still holds every record once.
func TestRelayTakeover(t *testing.T) {
	t.Parallel()
	oc := startOpenCode(t)
	dss := dspeer.Start(t)
	id := oc.CreateSession(t, "")
	base := dss.URL() + "/v1/stream/takeover"
	args := []string{"relay", "--server", oc.URL(), "--to", base, id}
	old := start(t, args...)
	until(t, "initial records", 30*time.Second, func() bool { return len(streamRecords(t, base+"/"+id)) > 0 })
	newer := start(t, args...)
	until(t, "the second relay reading the tail", 30*time.Second, func() bool {
		return strings.Contains(newer.stderr.String(), "relaying "+id)
	})
	oc.Prompt(t, id, ocpeer.Tag(relayScenario)+" taken over")
	if code := old.exit(t, turnLimit); code != 1 {
		t.Errorf("the older relay: exit %d, want 1", code)
	}
	if msg := old.stderr.String(); !strings.Contains(msg, "another writer took the stream over") || !strings.Contains(msg, "this relay stops") {
		t.Errorf("the older relay's last words: %q", msg)
	}
	oc.WaitIdle(t, id, turnLimit)
	until(t, "the stream folding to the server's state", turnLimit, func() bool {
		return len(foldDiffs(t, oc, id, parseRecords(t, messages(streamRecords(t, base+"/"+id))))) == 0
	})
	assertStreamClean(t, streamRecords(t, base+"/"+id))
	if isDone(newer) {
		t.Errorf("the newer relay ended (%d)", newer.code)
	}
}
