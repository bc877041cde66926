package tui

import (
	"strconv"
	"testing"

	"github.com/dstail/dstail/reconcile"
)

// benchFrame measures one streaming frame: the newest text part grows by a
// delta, the frame tick lays out the new state, and the screen is drawn.
func benchFrame(b *testing.B, messages int) {
	m := newTestModel(b, 120, 40, messages/2)
	msgs := conversation(messages / 2)
	last := &msgs[len(msgs)-1].Parts[2]
	base := last.Text
	b.ReportAllocs()
	b.ResetTimer()
	for i := 0; b.Loop(); i++ {
		last.Text = base + " delta " + strconv.Itoa(i%1000) // new content, bounded size
		m.Update(SessionMsg{State: reconcile.State{Messages: msgs}})
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
