package tui

import (
	"strings"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/reconcile"
)

// TestInvisibleRuneMarkersAreDimmed: with colour, the marker of a bidi
// override in a server's title is drawn faint; the text around it stays.
func TestInvisibleRuneMarkersAreDimmed(t *testing.T) {
	for _, color := range []bool{true, false} {
		v := NewTabs(Options{Server: "s", Color: color, Now: func() time.Time { return testNow }}, "ses_1")
		v.Update(tea.WindowSizeMsg{Width: 80, Height: 20})
		v.Update(SessionMsg{State: reconcile.State{Session: &reconcile.SessionInfo{ID: "ses_1", Title: "invoice\u202egnp.exe"}}})
		screen := v.View().Content
		if !strings.Contains(ansi.Strip(screen), "invoice<U+202E>gnp.exe") {
			t.Fatalf("colour %v: the marked title is not on screen:\n%s", color, ansi.Strip(screen))
		}
		dimmed := strings.Contains(screen, faintOn+"<U+202E>"+faintOff)
		if dimmed != color {
			t.Errorf("colour %v: marker dimmed = %v", color, dimmed)
		}
	}
}
