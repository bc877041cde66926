package opencode

import (
	"bytes"
	"fmt"
	"io"
	"testing"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport/sse"
)

// BenchmarkReadDeltaFrames is the event reader's work per streamed token
// without the network: split one /global/event frame off the stream and
// decode it. One op is one delta.
func BenchmarkReadDeltaFrames(b *testing.B) {
	const n = 1000
	var body bytes.Buffer
	for i := range n {
		fmt.Fprintf(&body, "data: {\"directory\":\"/home/dev/ocfx/projA\",\"project\":\"54c01af943324ab7d663ad3be071b60e527beba0\",\"payload\":{\"id\":\"evt_20ddffd3f%07dFCW4IBS9f1xJH\",\"type\":\"message.part.delta\",\"properties\":{\"sessionID\":\"ses_df22009cdffeVq3a6wQRVomXKR\",\"messageID\":\"msg_20ddff942001AO4Xvu3NvAaIPX\",\"partID\":\"prt_20ddffd3d001O8p5UmPoRvJ8gq\",\"field\":\"text\",\"delta\":\"token \"}}}\n\n", i)
	}
	b.ReportAllocs()
	read := 0
	for b.Loop() {
		var dec reconcile.Decoder
		frames := sse.NewReader(bytes.NewReader(body.Bytes()), 1<<20)
		for {
			ev, err := frames.Next()
			if err == io.EOF {
				break
			}
			if err != nil {
				b.Fatal(err)
			}
			if _, _, err := dec.DecodeBytes(ev.Data); err != nil {
				b.Fatal(err)
			}
			read++
		}
	}
	b.ReportMetric(float64(b.Elapsed().Nanoseconds())/float64(read), "ns/event")
}
