package tui

import (
	"errors"
	"fmt"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
)

// TestWatcherScreens pins what a watcher sees at 40, 80 and 120 columns:
// a reopened idle session with its history and the "new since" divider,
// the server down (offline, the retry countdown, the error's cause), and a
// finished tool's output inline. At every width the status mark and the
// follow state stay on screen, and what is cut ends in an ellipsis.
func TestWatcherScreens(t *testing.T) {
	reopened := sessionState(4, "idle")
	for i := range reopened.State.Messages {
		reopened.State.Messages[i].Created = testNow.Add(time.Duration(i-len(reopened.State.Messages)) * time.Minute).UnixMilli()
	}
	reopened.Seen = testNow.Add(-150 * time.Second) // before the last exchange's two messages
	down := sessionState(2, "busy")
	refused := ConnMsg{State: feed.State{Phase: feed.PhaseRetrying, Attempt: 4, RetryIn: 2 * time.Second,
		Err: errors.New(`session ses_1: event stream: Get "http://127.0.0.1:4096/global/event": dial tcp 127.0.0.1:4096: connect: connection refused`)}}
	for _, size := range []struct{ w, h int }{{40, 16}, {80, 24}, {120, 30}} {
		name := func(s string) string { return fmt.Sprintf("%s_%d", s, size.w) }
		checkScreens(t, newSessionRoot, size.w, size.h, []screenCase{
			{name("reopened_divider"), Options{Color: true, AltScreen: true}, append([]tea.Msg{reopened, live, frameTickMsg{}}, keys("n")...)},
			{name("server_down"), Options{Color: true, AltScreen: true}, []tea.Msg{down, refused}},
			{name("tool_inline"), Options{Color: true, AltScreen: true}, append([]tea.Msg{sessionState(1, "idle"), live, frameTickMsg{}}, keys("g")...)},
		})
	}
}
