package ndjson

import (
	"bufio"
	"bytes"
	"encoding/json"
	"reflect"
	"testing"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

// TestSessionRecordsReadBack: the reader returns the events the writer was
// given, field for field.
func TestSessionRecordsReadBack(t *testing.T) {
	evs := []reconcile.Event{
		{Type: "session.status", Session: "ses_a", Data: json.RawMessage(`{"sessionID":"ses_a","status":{"type":"busy"}}`), Synthetic: true},
		{Type: "message.updated", Session: "ses_a", Seq: 7, Sync: true, ID: "evt_7", Data: json.RawMessage(`{"info":{"id":"m1","title":"a\u202eb"}}`)},
		{Type: "message.part.delta", Session: "ses_b", ID: "evt_8", Data: json.RawMessage(`{"partID":"p","delta":"x\u009b"}`)},
	}
	var out bytes.Buffer
	if err := NewSessionWriter(&out).WriteEvents(evs); err != nil {
		t.Fatal(err)
	}
	c, err := ReadCapture(&out, "capture", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Events) != len(evs) || !reflect.DeepEqual(c.Sessions, []string{"ses_a", "ses_b"}) {
		t.Fatalf("read %d events of sessions %v", len(c.Events), c.Sessions)
	}
	for i, got := range c.Events {
		want := evs[i]
		var gd, wd any
		_ = json.Unmarshal(got.Data, &gd)
		_ = json.Unmarshal(want.Data, &wd)
		got.Data, want.Data = nil, nil
		if !reflect.DeepEqual(got, want) || !reflect.DeepEqual(gd, wd) {
			t.Errorf("event %d: read %+v %v, wrote %+v %v", i, got, gd, want, wd)
		}
	}
}

// TestStreamRecordsReadBack: stream records come back as the batches they
// were written from, each kind with its exact bytes.
func TestStreamRecordsReadBack(t *testing.T) {
	batches := []feed.Batch{
		{Kind: feed.KindJSON, Offset: "1", Messages: []feed.Message{{Data: []byte(`{"n":1}`)}, {Data: []byte(`[2]`)}}},
		{Kind: feed.KindLines, Offset: "2", Messages: []feed.Message{{Data: []byte("a line \u202e")}}},
		{Kind: feed.KindText, Offset: "3", Messages: []feed.Message{{Data: []byte("a b")}, {Data: []byte("  c\r\n")}}},
	}
	var out bytes.Buffer
	bw := bufio.NewWriter(&out)
	w := NewStreamWriter(bw, "http://h/s")
	for i := range batches {
		w.WriteBatch(&batches[i])
	}
	if err := bw.Flush(); err != nil {
		t.Fatal(err)
	}
	c, err := ReadCapture(&out, "capture", 1<<20)
	if err != nil {
		t.Fatal(err)
	}
	if len(c.Streams) != len(batches) {
		t.Fatalf("read %d batches, wrote %d", len(c.Streams), len(batches))
	}
	for i, sb := range c.Streams {
		b := batches[i]
		if sb.Stream != "http://h/s" || sb.Batch.Kind != b.Kind || sb.Batch.Offset != b.Offset || len(sb.Batch.Messages) != len(b.Messages) {
			t.Fatalf("batch %d: read %+v", i, sb)
		}
		for j, m := range sb.Batch.Messages {
			if !bytes.Equal(m.Data, b.Messages[j].Data) {
				t.Errorf("batch %d message %d: read %q, wrote %q", i, j, m.Data, b.Messages[j].Data)
			}
		}
	}
}
