package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/feed"
)

// TestStreamConnectionLineShowsTheNewestOffset: the transport reports an
// offset when its phase changes; the line shows where the last batch left
// the stream, not that older one.
func TestStreamConnectionLineShowsTheNewestOffset(t *testing.T) {
	s := NewStream(Options{Server: "http://h/s", Now: func() time.Time { return testNow }})
	s.Update(tea.WindowSizeMsg{Width: 100, Height: 20})
	s.Update(ConnMsg{State: feed.State{Phase: feed.PhaseLive, Mode: "sse", Offset: "0000_2140"}})
	s.Update(NewStreamMsg(&feed.Batch{Kind: feed.KindJSON, Offset: "0000_2836",
		Messages: []feed.Message{{Data: []byte(`{"n":1}`)}}, After: feed.Position{Offset: "0000_2836"}}))
	s.Update(frameTickMsg{})
	screen := ansi.Strip(s.View().Content)
	if !strings.Contains(screen, "offset 0000_2836") || strings.Contains(screen, "0000_2140") {
		t.Errorf("connection line does not show the newest offset:\n%s", screen)
	}
}
