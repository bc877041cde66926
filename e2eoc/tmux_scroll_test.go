package e2eoc

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/internal/tmuxpane"
)

// escapeScenario streams an answer that carries terminal control
// sequences and is long enough to scroll, slowly enough to scroll during it.
const escapeScenario = "tuiescape"

const escapeLastWord = "END-OF-ANSWER"

func escapeAnswer() string {
	var b strings.Builder
	b.WriteString("Escapes: \x1b]0;title\x07 then \x1b[2J and \x1b[31mred\x1b[0m done.\n\n")
	for p := range 24 {
		for w := range 18 {
			fmt.Fprintf(&b, "p%dw%d ", p, w)
		}
		b.WriteString("\n\n")
	}
	return b.String() + escapeLastWord
}

// newTmuxPane runs command in a detached 120x40 tmux session.
func newTmuxPane(t *testing.T, name, command string) *tmuxpane.Pane {
	return tmuxpane.New(t, "", name, command)
}

// body is the conversation part of a screen: without the header (its
// spinner moves) and the connection and help lines.
func body(screen string) string {
	lines := strings.Split(strings.TrimRight(screen, "\n"), "\n")
	if len(lines) < 6 {
		return screen
	}
	return strings.Join(lines[2:len(lines)-2], "\n")
}

// sameLines reports whether the view did not scroll: every line of later
// is the line of then, or then's line grown in place (the paragraph that
// streams on the last visible line).
func sameLines(then, later string) bool {
	a, b := strings.Split(then, "\n"), strings.Split(later, "\n")
	if len(a) != len(b) {
		return false
	}
	for i := range a {
		if !strings.HasPrefix(b[i], strings.TrimRight(a[i], " ")) {
			return false
		}
	}
	return true
}

// TestTerminalViewScrollWhileStreaming: scrolling up while an answer
// streams keeps the view still and G returns to live; the answer's escape
// sequences render as harmless text; q restores the terminal.
func TestTerminalViewScrollWhileStreaming(t *testing.T) {
	s := sharedServer(t)
	s.Mock.Script(escapeScenario, func(ocpeer.Request, int) ocpeer.Response {
		return ocpeer.Text(escapeAnswer(), 40*time.Millisecond) // about 18 s
	})
	id := s.CreateSession(t, s.Dirs()[projectMain])
	for i := range 3 {
		s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPlain)+fmt.Sprintf(" warm-up %d", i))
		s.WaitIdle(t, id, turnLimit)
	}
	pane := newTmuxPane(t, "dstail-scroll-"+strings.TrimPrefix(id, "ses_"),
		dstailBin+" --no-save --server "+s.URL()+" "+id+"; echo EXIT=$?; sleep 60")
	pane.Wait("the earlier turns", func(sc string) bool { return strings.Contains(sc, "idle") && strings.Contains(sc, ocpeer.PlainText) })

	s.Prompt(t, id, ocpeer.Tag(escapeScenario)+" please")
	// Wait until the answer fills the screen, so new text lands below it.
	pane.Wait("the answer streaming past the screen", func(sc string) bool { return strings.Contains(sc, "p12w0") })
	pane.Keys("k", "k", "k", "k", "k", "k")
	pane.Wait("the paused badge", func(sc string) bool { return strings.Contains(sc, "paused") })
	time.Sleep(time.Second) // every key handled
	paused := pane.Screen()
	time.Sleep(1500 * time.Millisecond) // more words arrive meanwhile
	later := pane.Screen()
	if strings.Contains(later, escapeLastWord) {
		t.Fatal("the answer finished before the check; the scenario is too fast for this machine")
	}
	if !sameLines(body(paused), body(later)) {
		t.Errorf("the paused view moved while text streamed:\n--- then\n%s\n--- later\n%s", body(paused), body(later))
	}
	pane.Keys("G")
	pane.Wait("the live view with the answer's last word and idle", func(sc string) bool {
		return strings.Contains(sc, escapeLastWord) && strings.Contains(sc, "following") && strings.Contains(sc, "idle")
	})
	// Search takes the view back to the escapes at the start of the answer.
	pane.Keys("/", "escapes", "Enter")
	sc := pane.Wait("the search hit", func(sc string) bool { return strings.Contains(sc, "1/1") })
	if !strings.Contains(sc, "Escapes:  then  and red done.") {
		t.Errorf("the text around the escape sequences should be shown, the sequences gone:\n%s", sc)
	}
	if strings.Contains(sc, "[2J") || strings.Contains(sc, "]0;") || strings.Contains(sc, "[31m") {
		t.Errorf("escape sequences should be removed, not shown half-decoded:\n%s", sc)
	}
	if !strings.Contains(sc, ocpeer.Tag(escapeScenario)+" please") || !strings.Contains(sc, "warm-up 2") {
		t.Errorf("the earlier conversation should still be on screen (nothing cleared it):\n%s", sc)
	}
	if title := pane.Run("display-message", "-p", "-t", pane.Name(), "#{pane_title}"); strings.TrimSpace(title) == "title" {
		t.Errorf("server text retitled the terminal: %q", title)
	}

	pane.Keys("q")
	sc = pane.Wait("exit code 0 after q", func(sc string) bool { return strings.Contains(sc, "EXIT=0") })
	if strings.Contains(sc, "following") || strings.Contains(sc, escapeLastWord) {
		t.Errorf("the terminal should be back to the shell screen, without the view:\n%s", sc)
	}
}
