package app

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/ndjson"
	"github.com/dstail/dstail/reconcile"
)

// recordingSink keeps what a source delivered.
type recordingSink struct {
	streams []string
	events  []string
}

func (r *recordingSink) Stream(name string, b *feed.Batch) error {
	for _, m := range b.Messages {
		r.streams = append(r.streams, name+" "+b.Offset+" "+string(m.Data))
	}
	return nil
}

func (r *recordingSink) Session(id string, evs []reconcile.Event, m *reconcile.Model) error {
	for _, ev := range evs {
		r.events = append(r.events, id+" "+ev.Type)
	}
	return nil
}

func (r *recordingSink) State(feed.State)       {}
func (r *recordingSink) Gone(string)            {}
func (r *recordingSink) Mark(string, time.Time) {}

// TestReplayDeliversStreamBatches: a stream capture reaches the sink as the
// batches it was written from.
func TestReplayDeliversStreamBatches(t *testing.T) {
	c, err := ndjson.ReadCapture(strings.NewReader(`{"stream":"http://h/s","offset":"1","data":"first line"}
{"stream":"http://h/s","offset":"2","data":{"n":2}}
`), "capture", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var got recordingSink
	if err := deliver(c, &got); err != nil {
		t.Fatal(err)
	}
	want := []string{"http://h/s 1 first line", `http://h/s 2 {"n":2}`}
	if strings.Join(got.streams, "\n") != strings.Join(want, "\n") {
		t.Errorf("delivered %q, want %q", got.streams, want)
	}
}

// TestReplayDeliversChangesOnly: events that change nothing (a line
// repeated in the capture) are not delivered twice.
func TestReplayDeliversChangesOnly(t *testing.T) {
	ev := `{"session":"ses_a","type":"session.status","data":{"sessionID":"ses_a","status":{"type":"busy"}}}`
	c, err := ndjson.ReadCapture(strings.NewReader(ev+"\n"+ev+"\n"), "capture", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	var got recordingSink
	if err := deliver(c, &got); err != nil {
		t.Fatal(err)
	}
	if len(got.events) != 1 || got.events[0] != "ses_a session.status" {
		t.Errorf("delivered %q, want the status once", got.events)
	}
}
