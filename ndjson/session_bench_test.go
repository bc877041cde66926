package ndjson

import (
	"io"
	"testing"

	"github.com/dstail/dstail/reconcile"
)

// BenchmarkWriteDeltaRecord is the --json output's work per streamed token:
// one delta written as a record and flushed, as a batch of one is.
func BenchmarkWriteDeltaRecord(b *testing.B) {
	var dec reconcile.Decoder
	ev, _, err := dec.Decode(`{"directory":"/p","payload":{"id":"evt_20ddffd3f0000001FCW4IBS9f1xJH","type":"message.part.delta","properties":{"sessionID":"ses_df22009cdffeVq3a6wQRVomXKR","messageID":"msg_20ddff942001AO4Xvu3NvAaIPX","partID":"prt_20ddffd3d001O8p5UmPoRvJ8gq","field":"text","delta":"token "}}}`)
	if err != nil {
		b.Fatal(err)
	}
	w := NewSessionWriter(io.Discard)
	events := []reconcile.Event{ev}
	b.ReportAllocs()
	for b.Loop() {
		if err := w.WriteEvents(events); err != nil {
			b.Fatal(err)
		}
	}
}
