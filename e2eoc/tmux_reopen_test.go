package e2eoc

import (
	"strings"
	"testing"

	"github.com/dstail/dstail/internal/ocpeer"
)

// TestViewReopensWholeSession: the view always shows the whole session. A
// session with three finished exchanges shows all three; after q, a new
// prompt and a reopen, all four with the "new since" divider before the
// new one; after a kill -9 mid-answer, the reopened view shows the prompt
// and the answer so far. Two views and a --json reader follow one session
// at once.
func TestViewReopensWholeSession(t *testing.T) {
	s := sharedServer(t)
	id := s.CreateSession(t, s.Dir())
	for _, ask := range []string{"first ask", "second ask", "third ask"} {
		s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPlain)+" "+ask)
		s.WaitIdle(t, id, turnLimit)
	}
	state := t.TempDir()
	cmd := "env XDG_STATE_HOME=" + state + " XDG_CONFIG_HOME=" + state + " " + dstailBin + " --server " + s.URL() + " " + id + "; echo EXIT=$?; sleep 60"
	short := strings.TrimPrefix(id, "ses_")
	p := newTmuxPane(t, "reopen-"+short, cmd)
	p.Wait("the last exchange, idle", func(sc string) bool {
		return strings.Contains(sc, "third ask") && strings.Contains(sc, "idle")
	})
	p.Keys("g")
	p.Wait("the first exchange at the top", func(sc string) bool { return strings.Contains(sc, "first ask") })
	p.Keys("G", "q")
	p.Wait("exit 0", func(sc string) bool { return strings.Contains(sc, "EXIT=0") })

	// A second view and a --json reader beside a view.
	other := newTmuxPane(t, "reopen2-"+short, cmd)
	other.Wait("the second view", func(sc string) bool { return strings.Contains(sc, "third ask") })
	json := startDstail(t, childEnv(state), "--server", s.URL(), "--json", id)

	s.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPlain)+" fourth ask")
	s.WaitIdle(t, id, turnLimit)
	json.waitOutput(t, "the fourth prompt on --json", turnLimit, func(out string) bool { return strings.Contains(out, "fourth ask") })
	other.Wait("the fourth exchange in the second view", func(sc string) bool { return strings.Contains(sc, "fourth ask") })
	json.kill(t)

	p = newTmuxPane(t, "reopen3-"+short, cmd)
	sc := p.Wait("all four with the divider before the new one", func(sc string) bool {
		return strings.Contains(sc, "fourth ask") && strings.Contains(sc, "new since you last looked")
	})
	if d, f := strings.Index(sc, "new since you last looked"), strings.Index(sc, "fourth ask"); d > f {
		t.Fatalf("the divider is not before the new exchange:\n%s", sc)
	}
	if strings.Contains(sc[strings.Index(sc, "new since"):], "third ask") {
		t.Fatalf("an exchange seen before is below the divider:\n%s", sc)
	}
	p.Keys("g")
	p.Wait("the first exchange at the top", func(sc string) bool { return strings.Contains(sc, "first ask") })
	p.Keys("q")

	// kill -9 mid-answer, then reopen.
	s.Prompt(t, id, ocpeer.Tag(longScenario)+" fifth ask")
	p = newTmuxPane(t, "reopen4-"+short, cmd)
	p.Wait("the long answer streaming", func(sc string) bool { return strings.Contains(sc, "word10 ") })
	p.KillChild()
	// A killed view leaves the cursor mid-screen, so the shell's lines after
	// it may wrap anywhere: look for the exit code across line ends.
	p.Wait("the killed view gone", func(sc string) bool {
		return strings.Contains(strings.ReplaceAll(sc, "\n", ""), "EXIT=137")
	})
	p = newTmuxPane(t, "reopen5-"+short, cmd)
	p.Wait("the prompt and the answer so far after a kill -9", func(sc string) bool {
		return strings.Contains(sc, "fifth ask") && strings.Contains(sc, "word10 ")
	})
	s.WaitIdle(t, id, turnLimit)
}
