package reconcile

import (
	"strings"
	"testing"
)

// A subscriber that joins 5 s into a stream gets deltas for a part it
// never saw created: they must not be lost, and the part must say that its
// beginning is missing until the final copy arrives.
func TestLateJoinDeltasForUnknownPart(t *testing.T) {
	rest := loadREST(t, "l-late-join.rest")
	events := decodeCapture(t, "l-late-join.global.sse")
	m := New(rest.sessionID)
	var seen bool
	for _, ev := range events {
		m.Apply(ev)
		if ev.Type != TypePartDelta || seen {
			continue
		}
		seen = true
		msgs := m.Messages()
		if len(msgs) != 1 || !msgs[0].Placeholder || len(msgs[0].Parts) != 1 {
			t.Fatalf("after the first delta: %+v", msgs)
		}
		p := msgs[0].Parts[0]
		if p.Text != "word25 " || !p.Incomplete || p.Ended || p.Type != "" {
			t.Fatalf("placeholder part %+v", p)
		}
	}
	msgs := m.Messages()
	text := lastAssistant(t, msgs).Parts[0]
	if text.Incomplete || !text.Ended || !strings.HasPrefix(text.Text, "word00 word01 ") {
		t.Fatalf("after the final copy: %q incomplete=%v ended=%v", text.Text, text.Incomplete, text.Ended)
	}
}

// Joining late and merging a mid-stream REST snapshot (text still "") then
// following the stream ends in the server's final state.
func TestLateJoinWithMidstreamSnapshot(t *testing.T) {
	final := loadREST(t, "l-late-join.rest")
	events := decodeCapture(t, "l-late-join.global.sse")
	for _, step := range []string{"0-midstream-0", "0-midstream-1", "0-midstream-2"} {
		t.Run(step, func(t *testing.T) {
			mid := loadREST(t, "l-late-join.rest."+step)
			half := len(events) / 2

			// Snapshot first, then the whole stream.
			m := New(final.sessionID)
			m.Merge(mid.snapshot)
			text := lastAssistant(t, m.Messages()).Parts[1]
			if text.Type != "text" || text.Text != "" || !text.Incomplete || !m.Status().Busy() {
				t.Fatalf("mid-stream part from REST %+v, status %q", text, m.Status().Type)
			}
			replay(m, events)
			assertMatchesREST(t, m.Messages(), final.messages)

			// Stream first (deltas collected), then the snapshot, then the rest.
			m = replayed(final.sessionID, events[:half])
			joined := m.Messages()
			streamed := joined[len(joined)-1].Parts[0].Text
			if !strings.HasPrefix(streamed, "word25 word26 ") {
				t.Fatalf("text streamed after joining: %q", streamed)
			}
			m.Merge(mid.snapshot)
			text = lastAssistant(t, m.Messages()).Parts[1]
			if text.Type != "text" || text.Text != streamed || !text.Incomplete {
				t.Fatalf("merged part %+v, want streamed text %q kept", text, streamed)
			}
			replay(m, events[half:])
			assertMatchesREST(t, m.Messages(), final.messages)
			if p := lastAssistant(t, m.Messages()).Parts[1]; p.Incomplete {
				t.Fatal("part still incomplete after its final copy")
			}
		})
	}
}
