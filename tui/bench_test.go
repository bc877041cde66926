package tui

import (
	"strconv"
	"testing"

	"github.com/dstail/dstail/reconcile"
)

// benchFrame measures one streaming frame as the program sees it: a
// partial SessionMsg grows the newest text part by a delta, the frame tick
// lays it out, and the screen is drawn.
func benchFrame(b *testing.B, messages int) {
	m := newTestModel(b, 120, 40, messages/2)
	msgs := conversation(messages / 2)
	last := msgs[len(msgs)-1]
	part := last.Parts[2]
	part.Ended = false
	base := part.Text
	head := reconcile.State{Session: &reconcile.SessionInfo{ID: "ses_1", Title: "Fix the tests"},
		Status: reconcile.Status{Type: "busy"}}
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		part.Text = base + " delta " + strconv.Itoa(i%1000) // new content, bounded size
		info := last
		info.Parts = []reconcile.Part{part}
		st := head
		st.Messages = []reconcile.Message{info}
		m.Update(SessionMsg{State: st, Partial: true})
		m.Update(frameTickMsg{})
		if m.View().Content == "" {
			b.Fatal("empty frame")
		}
	}
}

func BenchmarkFrame10(b *testing.B)    { benchFrame(b, 10) }
func BenchmarkFrame10000(b *testing.B) { benchFrame(b, 10_000) }

// benchView measures drawing alone, e.g. a spinner or countdown frame.
func benchView(b *testing.B, messages int) {
	m := newTestModel(b, 120, 40, messages/2)
	b.ReportAllocs()
	for b.Loop() {
		_ = m.View()
	}
}

func BenchmarkView10(b *testing.B)    { benchView(b, 10) }
func BenchmarkView10000(b *testing.B) { benchView(b, 10_000) }
