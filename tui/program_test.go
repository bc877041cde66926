package tui

import (
	"bytes"
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/colorprofile"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

// termBuffer is a terminal stand-in: it keeps what the program writes.
type termBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *termBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *termBuffer) snapshot() (int, string) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Len(), b.buf.String()
}

// runProgram starts the real program on a 120x40 buffer terminal.
func runProgram(t *testing.T, opts Options) (*tea.Program, *termBuffer, <-chan error) {
	t.Helper()
	out := &termBuffer{}
	p := tea.NewProgram(NewTabs(opts, "ses_1"), tea.WithInput(strings.NewReader("")), tea.WithOutput(out),
		tea.WithWindowSize(120, 40), tea.WithoutSignals(), tea.WithColorProfile(colorprofile.TrueColor))
	done := make(chan error, 1)
	go func() {
		_, err := p.Run()
		done <- err
	}()
	finished := make(chan error, 1)
	go func() {
		err := <-done
		finished <- err
		close(finished)
	}()
	t.Cleanup(func() {
		p.Kill()
		select {
		case <-finished:
		case <-time.After(10 * time.Second):
			t.Error("the program did not stop")
		}
	})
	return p, out, finished
}

// settle waits until the program has written nothing for a few frames,
// or a few seconds at most (a spinner never stops writing).
func settle(out *termBuffer) int {
	last, quiet := -1, 0
	for deadline := time.Now().Add(3 * time.Second); quiet < 5 && time.Now().Before(deadline); {
		time.Sleep(2 * time.Second / FrameRate)
		n, _ := out.snapshot()
		if n == last {
			quiet++
		} else {
			last, quiet = n, 0
		}
	}
	return last
}

// TestBytesPerStreamedToken streams an answer a token a frame, the worst
// case, into the real program and measures what reaches the terminal.
// Only the changed cells are written, so a token costs a small constant
// whatever the session length.
func TestBytesPerStreamedToken(t *testing.T) {
	p, out, _ := runProgram(t, Options{AltScreen: true, Color: true})
	msgs := conversation(200)
	for i := range msgs { // Bubble Tea redraws lines with wide characters every frame; see the report
		for j := range msgs[i].Parts {
			msgs[i].Parts[j].Text = strings.ReplaceAll(msgs[i].Parts[j].Text, "日本語のテキストも折り返す。", "wrapped text")
		}
	}
	p.Send(SessionMsg{State: reconcile.State{Messages: msgs, Status: reconcile.Status{Type: "busy"}}})
	p.Send(ConnMsg{State: feed.State{Phase: feed.PhaseLive, Mode: "sse"}})
	before := settle(out)

	last := msgs[len(msgs)-1]
	part := reconcile.Part{ID: last.ID + "_9", MessageID: last.ID, Type: "text"}
	const tokens = 60
	for i := range tokens {
		part.Text += fmt.Sprintf("tok%02d ", i)
		info := last
		info.Parts = []reconcile.Part{part}
		p.Send(SessionMsg{Partial: true, State: reconcile.State{Messages: []reconcile.Message{info},
			Status: reconcile.Status{Type: "busy"}}})
		time.Sleep(time.Second / FrameRate * 3 / 2)
	}
	after := settle(out)
	perToken := float64(after-before) / tokens
	t.Logf("%.0f bytes per streamed token (%d bytes for %d tokens, one frame each)", perToken, after-before, tokens)
	if perToken > 100 {
		t.Errorf("%.0f bytes per token; want a small constant (< 100)", perToken)
	}
	if _, screen := out.snapshot(); !strings.Contains(screen, "tok59") {
		t.Error("the last token never reached the terminal")
	}
}

// TestProgramOutputIsInert runs hostile server text through the real
// program and checks the terminal never receives its control sequences.
func TestProgramOutputIsInert(t *testing.T) {
	p, out, _ := runProgram(t, Options{AltScreen: true, Color: true, Server: hostile})
	p.Send(SessionMsg{State: hostileState()})
	p.Send(ConnMsg{State: feed.State{Phase: feed.PhaseLive, Note: hostile, Mode: hostile}})
	settle(out)
	_, written := out.snapshot()
	for _, bad := range []string{"\x1b]0;pwned", "pwned\x07", "\x9b", "\x1b]8;;http://x", "\x1b[31mred"} {
		if strings.Contains(written, bad) {
			t.Errorf("server control sequence %q reached the terminal", bad)
		}
	}
	if !strings.Contains(written, "evil") {
		t.Error("the printable server text should be shown")
	}
}

// TestProgramQuitAndResize drives the real program: a resize down to 1x1
// and back must not panic, and q ends it cleanly.
func TestProgramQuitAndResize(t *testing.T) {
	p, out, done := runProgram(t, Options{AltScreen: true, Color: true})
	p.Send(SessionMsg{State: reconcile.State{Messages: conversation(20)}})
	for _, s := range [][2]int{{1, 1}, {0, 0}, {40, 10}, {30, 5}} {
		p.Send(tea.WindowSizeMsg{Width: s[0], Height: s[1]})
	}
	settle(out)
	if _, screen := out.snapshot(); !strings.Contains(screen, "terminal too small") {
		t.Error("the 30x5 frame should show the too-small notice")
	}
	p.Send(tea.WindowSizeMsg{Width: 120, Height: 40})
	settle(out)
	p.Send(press("q"))
	select {
	case err := <-done:
		if err != nil {
			t.Fatalf("program ended with %v", err)
		}
	case <-time.After(20 * time.Second):
		t.Fatal("q did not end the program")
	}
}
