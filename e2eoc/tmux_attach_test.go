package e2eoc

import (
	"fmt"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/internal/tmuxpane"
)

// attachStartLimit is how long `opencode attach` may take to draw the
// session: it starts in about 15 s on a quiet machine.
const attachStartLimit = 3 * time.Minute

// TestViewShowsWhatAttachShows runs OpenCode's own viewer, `opencode attach
// URL --session ID`, and dstail's view side by side in 120x40 panes on one
// session with history (three exchanges), reasoning and a finished bash
// call with output. Every item attach shows is on dstail's screen too: each
// exchange's prompt and answer, the bash command with the first line of its
// output, and how long the reasoning took.
func TestViewShowsWhatAttachShows(t *testing.T) {
	s := sharedServer(t)
	dir := s.Dirs()[projectTools]
	id := s.CreateSession(t, dir)
	asks := []struct{ prompt, answer string }{
		{ocpeer.Tag(ocpeer.ScnPlain) + " first ask", ocpeer.PlainText},
		{ocpeer.Tag(ocpeer.ScnReasoning) + " second ask", ocpeer.ReasonedText},
		{ocpeer.Tag(ocpeer.ScnTool) + " third ask", ocpeer.ToolSummaryText},
	}
	for _, a := range asks {
		s.Prompt(t, id, a.prompt)
		s.WaitIdle(t, id, turnLimit)
	}
	short := strings.TrimPrefix(id, "ses_")
	attach := tmuxpane.New(t, "", "attach-"+short, attachCommand(t, s, dir, id))
	view := newTmuxPane(t, "beside-"+short, dstailBin+" --no-save --server "+s.URL()+" "+id+"; echo EXIT=$?; sleep 60")

	const toolOut = "hello-from-tool"
	bashCmd := "echo " + toolOut + " > " + ocpeer.ToolOutputFile
	thought := regexp.MustCompile(`Thought: (\d+(?:\.\d+)?)(ms|s)\b`)
	// attach draws the newest exchanges at the bottom.
	asc := waitOn(t, attach, attach, view, "attach with the last exchanges, the bash call and the reasoning time", attachStartLimit, func(sc string) bool {
		return strings.Contains(sc, "third ask") && strings.Contains(sc, ocpeer.ToolSummaryText) &&
			strings.Contains(sc, bashCmd) && strings.Contains(sc, toolOut+"\n") && thought.MatchString(sc)
	})
	for _, want := range []string{"second ask", ocpeer.ReasonedText} {
		if !strings.Contains(asc, want) {
			t.Errorf("attach's screen lacks %q:\n%s", want, asc)
		}
	}
	thinking := reasoningLabel(t, thought.FindStringSubmatch(asc))

	// dstail, at the end of the session: the same items.
	vsc := waitOn(t, view, attach, view, "dstail with the last exchanges", time.Minute, func(sc string) bool {
		return strings.Contains(sc, "third ask") && strings.Contains(sc, ocpeer.ToolSummaryText) && strings.Contains(sc, "idle")
	})
	for _, want := range []string{bashCmd, "│ " + toolOut, "second ask", ocpeer.ReasonedText, thinking} {
		if !strings.Contains(vsc, want) {
			t.Errorf("dstail's screen lacks %q, which attach shows.\ndstail:\n%s\nattach:\n%s", want, vsc, asc)
		}
	}
	// The whole history: the first exchange at the top of both.
	view.Keys("g")
	waitOn(t, view, attach, view, "dstail at the top with the first exchange", time.Minute, func(sc string) bool {
		return strings.Contains(sc, "first ask") && strings.Contains(sc, ocpeer.PlainText)
	})
	attach.Keys("PageUp")
	attach.Keys("PageUp")
	waitOn(t, attach, attach, view, "attach scrolled up to the first exchange", time.Minute, func(sc string) bool {
		return strings.Contains(sc, "first ask") && strings.Contains(sc, ocpeer.PlainText)
	})
	view.Keys("q")
	view.Wait("dstail exit 0", func(sc string) bool { return strings.Contains(sc, "EXIT=0") })
}

// attachCommand is the shell command running `opencode attach` on id in
// the server's own isolated environment (HOME, XDG directories, proxies
// that lead nowhere), from the session's project directory.
func attachCommand(t *testing.T, s *ocpeer.Server, dir, id string) string {
	t.Helper()
	bin, err := ocpeer.Binary()
	if err != nil {
		t.Fatal(err)
	}
	env := []string{"env"}
	for _, kv := range s.Env() {
		env = append(env, shellQuote(kv))
	}
	return "cd " + shellQuote(dir) + " && " + strings.Join(env, " ") + " " + shellQuote(bin) +
		" attach " + s.URL() + " --session " + id + "; echo EXIT=$?; sleep 60"
}

func shellQuote(s string) string { return "'" + strings.ReplaceAll(s, "'", `'\''`) + "'" }

// reasoningLabel is how dstail writes the reasoning time attach shows as
// "Thought: 209ms" (or "Thought: 1.2s"): "thought for 0.2s".
func reasoningLabel(t *testing.T, m []string) string {
	t.Helper()
	v, err := strconv.ParseFloat(m[1], 64)
	if err != nil {
		t.Fatal(err)
	}
	d := time.Duration(v * float64(time.Second))
	if m[2] == "ms" {
		d = time.Duration(v * float64(time.Millisecond))
	}
	if d >= 10*time.Second {
		t.Fatalf("the mock's reasoning took %v; this test compares times under 10 s", d)
	}
	return fmt.Sprintf("thought for %.1fs", d.Seconds())
}

// waitOn polls target's screen until ok; a failure shows both screens.
func waitOn(t *testing.T, target, attach, view *tmuxpane.Pane, what string, limit time.Duration, ok func(string) bool) string {
	t.Helper()
	deadline := time.Now().Add(limit)
	for {
		sc := target.Screen()
		if ok(sc) {
			return sc
		}
		if time.Now().After(deadline) {
			t.Fatalf("never saw %s within %v.\nattach:\n%s\ndstail:\n%s", what, limit, attach.Screen(), view.Screen())
		}
		time.Sleep(200 * time.Millisecond)
	}
}
