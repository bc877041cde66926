package reconcile

import (
	"fmt"
	"strings"
	"testing"
)

// deltaFrames are n captured-shape delta frames of one part, as
// /global/event sends them while an answer streams.
func deltaFrames(session string, n int) []string {
	frames := make([]string, n)
	for i := range frames {
		frames[i] = fmt.Sprintf(`{"directory":"/home/dev/ocfx/projA","project":"54c01af943324ab7d663ad3be071b60e527beba0","payload":{"id":"evt_20ddffd3f%07dFCW4IBS9f1xJH","type":"message.part.delta","properties":{"sessionID":%q,"messageID":"msg_20ddff942001AO4Xvu3NvAaIPX","partID":"prt_20ddffd3d001O8p5UmPoRvJ8gq","field":"text","delta":"token "}}}`, i, session)
	}
	return frames
}

// BenchmarkDecodeApplyDelta is the per-token cost while an answer streams:
// decode one captured-shape delta frame (with a Decoder, as the event
// reader does) and apply it; one op is one delta.
func BenchmarkDecodeApplyDelta(b *testing.B) {
	var dec Decoder
	benchDecodeApply(b, dec.Decode)
}

// BenchmarkDecodeApplyDeltaWire is the same through encoding/json alone
// (the path every frame took before the one-pass reader): the reference
// the fast path is measured against.
func BenchmarkDecodeApplyDeltaWire(b *testing.B) {
	benchDecodeApply(b, func(frame string) (Event, bool, error) { return decodeWire([]byte(frame)) })
}

func benchDecodeApply(b *testing.B, decode func(string) (Event, bool, error)) {
	const session = "ses_df22009cdffeVq3a6wQRVomXKR"
	frames := deltaFrames(session, 1000)
	var m *Model
	b.ReportAllocs()
	for i := 0; b.Loop(); i++ {
		if i%len(frames) == 0 {
			m = New(session) // a new part every 1,000 tokens
		}
		ev, _, err := decode(frames[i%len(frames)])
		if err != nil {
			b.Fatal(err)
		}
		if !m.Apply(ev) {
			b.Fatal("delta not applied")
		}
	}
}

// A streamed token costs a handful of allocations, whatever the length of
// the part: the frame is read once and nothing of the part is copied.
// (encoding/json took 35 per delta; the text itself grows by appending.)
func TestDeltaAllocations(t *testing.T) {
	const session = "ses_df22009cdffeVq3a6wQRVomXKR"
	frames := deltaFrames(session, 2000)
	var dec Decoder
	m := New(session)
	i := 0
	step := func() {
		ev, _, err := dec.Decode(frames[i])
		if err != nil || !m.Apply(ev) {
			t.Fatalf("delta %d: %v", i, err)
		}
		i++
	}
	early := testing.AllocsPerRun(500, step)
	late := testing.AllocsPerRun(500, step) // the part is three times as long now
	if early > 8 || late > 8 {
		t.Errorf("allocations per delta: %.1f early, %.1f late; want at most 8", early, late)
	}
}

// BenchmarkFinalPart is the end of a streamed answer of 20,000 tokens:
// decode and apply the part's final copy, which carries the whole text,
// and then its sync twin, which carries it again. One op is the pair.
func BenchmarkFinalPart(b *testing.B) {
	text := strings.Repeat("token ", 20_000)
	created := partFrame("evt_02", "prt_1", "", `{"start":1}`)
	streamed := deltaFrame("evt_03", "prt_1", "text", text)
	final := partFrame("evt_09", "prt_1", text, `{"start":1,"end":2}`)
	twin := twinOf(final, "evt_09", 5)
	var dec Decoder
	apply := func(m *Model, frame string) bool {
		ev, _, err := dec.Decode(frame)
		if err != nil {
			b.Fatal(err)
		}
		return m.Apply(ev)
	}
	b.ReportAllocs()
	for b.Loop() {
		b.StopTimer()
		m := New(testSession)
		apply(m, created)
		apply(m, streamed)
		b.StartTimer()
		if !apply(m, final) || apply(m, twin) {
			b.Fatal("the final copy changes the part, its twin does not")
		}
	}
}
