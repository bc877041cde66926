package e2eoc

import (
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
)

// TestTerminalViewInTmux runs dstail on a real terminal (a tmux pane): the
// live view shows the prompt, the answer to its last word, the tool calls
// with their states and the idle status; server text cannot retitle the
// window; q exits 0 and gives the terminal back.
func TestTerminalViewInTmux(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is required for this test (apt-get install tmux): ", err)
	}
	s := sharedServer(t)
	id := s.CreateSession(t, s.Dirs()[projectTools])
	s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnTool)+" tmux \x1b]2;pwned\x07\x1b[2J")
	s.WaitIdle(t, id, turnLimit)

	pane := "dstail-" + strings.TrimPrefix(id, "ses_")
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", args...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", pane, "-x", "120", "-y", "40",
		dstailBin+" --no-save --server "+s.URL()+" "+id+"; echo EXIT=$?; sleep 60")
	t.Cleanup(func() { _ = exec.Command("tmux", "kill-session", "-t", pane).Run() })
	screen := func() string { return tmux("capture-pane", "-p", "-t", pane) }
	waitScreen := func(what string, ok func(string) bool) string {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			sc := screen()
			if ok(sc) {
				return sc
			}
			if time.Now().After(deadline) {
				t.Fatalf("screen never showed %s:\n%s", what, sc)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}

	waitScreen("the finished tool turn", func(sc string) bool {
		return strings.Contains(sc, ocpeer.ToolSummaryText) && strings.Contains(sc, "idle")
	})
	s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPlain)+" and now plain")
	sc := waitScreen("the streamed answer", func(sc string) bool { return strings.Contains(sc, ocpeer.PlainText) })
	for _, want := range []string{"SCN:tool tmux", "✓ read", "✗ read", "✓ bash", "● live"} {
		if !strings.Contains(sc, want) {
			t.Errorf("screen lacks %q:\n%s", want, sc)
		}
	}
	if strings.Contains(sc, "pwned") {
		t.Errorf("an escape sequence's payload reached the screen:\n%s", sc)
	}
	if title := tmux("display-message", "-p", "-t", pane, "#{pane_title}"); strings.Contains(title, "pwned") {
		t.Errorf("server text retitled the terminal: %q", title)
	}
	tmux("send-keys", "-t", pane, "q")
	waitScreen("exit code 0 after q", func(sc string) bool { return strings.Contains(sc, "EXIT=0") })
}
