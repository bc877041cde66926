package output

import (
	"bytes"
	"encoding/json"
	"os"
	"strings"
	"testing"

	"github.com/dstail/dstail/reconcile"
)

// TestFreshReadShowsInterrupted: a session read after its server crashed
// mid-answer (its REST state: an assistant message that never finished,
// the session idle) prints that message as interrupted, as the view shows
// it, and says so once.
func TestFreshReadShowsInterrupted(t *testing.T) {
	read := func(name string) []byte {
		b, err := os.ReadFile("../reconcile/testdata/opencode-1.18.33/" + name)
		if err != nil {
			t.Fatal(err)
		}
		return b
	}
	var snap reconcile.Snapshot
	var err error
	snap.Session = read("f2-restart-sigkill.rest.1-after-restart.session.json")
	if snap.Messages, err = reconcile.DecodeMessages(read("f2-restart-sigkill.rest.1-after-restart.messages.json")); err != nil {
		t.Fatal(err)
	}
	if snap.Status, err = reconcile.DecodeStatusMap(read("f2-restart-sigkill.rest.1-after-restart.status.json")); err != nil {
		t.Fatal(err)
	}
	var id struct{ ID string }
	_ = json.Unmarshal(snap.Session, &id)
	m := reconcile.New(id.ID)
	var out bytes.Buffer
	lines := NewSessionLines(&out)
	if err := lines.WriteEvents(m.Merge(snap), m); err != nil {
		t.Fatal(err)
	}
	if err := lines.WriteEvents(nil, m); err != nil { // nothing new: no second notice
		t.Fatal(err)
	}
	if n := strings.Count(out.String(), "⚠ interrupted"); n != 1 {
		t.Errorf("%d interrupted lines, want 1:\n%s", n, out.String())
	}
}

// TestFinishedTurnIsNotInterrupted: a turn that ends normally says nothing
// of the kind.
func TestFinishedTurnIsNotInterrupted(t *testing.T) {
	evs, m := replay(t, "c-tool.global.sse")
	var out bytes.Buffer
	if err := NewSessionLines(&out).WriteEvents(evs, m); err != nil {
		t.Fatal(err)
	}
	if strings.Contains(out.String(), "interrupted") {
		t.Errorf("a finished turn shows as interrupted:\n%s", out.String())
	}
}
