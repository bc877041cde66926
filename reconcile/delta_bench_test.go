package reconcile

import (
	"fmt"
	"testing"
)

// BenchmarkDecodeApplyDelta is the per-token cost while an answer streams:
// decode one captured-shape delta frame and apply it.
func BenchmarkDecodeApplyDelta(b *testing.B) {
	const session = "ses_df22009cdffeVq3a6wQRVomXKR"
	frames := make([][]byte, 1000)
	for i := range frames {
		frames[i] = fmt.Appendf(nil, `{"directory":"/home/dev/ocfx/projA","project":"54c01af943324ab7d663ad3be071b60e527beba0","payload":{"id":"evt_20ddffd3f%07dFCW4IBS9f1xJH","type":"message.part.delta","properties":{"sessionID":%q,"messageID":"msg_20ddff942001AO4Xvu3NvAaIPX","partID":"prt_20ddffd3d001O8p5UmPoRvJ8gq","field":"text","delta":"token "}}}`, i, session)
	}
	b.ReportAllocs()
	for b.Loop() {
		m := New(session)
		for _, f := range frames {
			ev, _, err := DecodeFrame(f)
			if err != nil {
				b.Fatal(err)
			}
			m.Apply(ev)
		}
	}
}
