package e2e

import (
	"fmt"
	"regexp"
	"strings"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/internal/tmuxpane"
)

// TestStreamViewsBesideOneJSONReader: the terminal view of a Durable Stream
// takes no lock, like the view of a session. Two views in tmux and one
// --json reader follow one stream at once under one state directory; a
// second --json reader is still refused in one line; and the views never
// move the position the --json reader resumes from; a view opened later
// goes on from where the last view stopped.
func TestStreamViewsBesideOneJSONReader(t *testing.T) {
	srv := dspeer.Start(t)
	srv.Create(t, "shared", "application/json")
	w := newWriter(srv, "shared", 11, 5, 0)
	if err := w.jsonRange(0, 20); err != nil {
		t.Fatal(err)
	}
	state := t.TempDir()
	reader := startDstail(t, state, "--json", srv.StreamURL("shared"))
	reader.waitLines(t, 20, 30*time.Second)

	env := fmt.Sprintf("env -u DSTAIL_SERVER XDG_STATE_HOME=%s XDG_CONFIG_HOME=%s ", state, state)
	var views []*tmuxpane.Pane
	for i := range 2 {
		name := fmt.Sprintf("dsview%d-%d", i, time.Now().UnixNano())
		views = append(views, tmuxpane.New(t, name, name, env+dstailBin+" "+srv.StreamURL("shared")+"; echo EXIT=$?; sleep 60"))
	}
	shows := func(n int) func(string) bool {
		re := regexp.MustCompile(fmt.Sprintf(`"n":\s*%d\b`, n))
		return func(sc string) bool { return re.MatchString(sc) && !strings.Contains(sc, "EXIT=") }
	}
	for i, v := range views {
		v.Wait(fmt.Sprintf("view %d with message 19, running", i), shows(19))
	}

	if err := w.jsonRange(20, 30); err != nil {
		t.Fatal(err)
	}
	reader.waitLines(t, 30, 30*time.Second)
	for i, v := range views {
		v.Wait(fmt.Sprintf("view %d live with message 29", i), shows(29))
	}

	// A second exactly-once reader is refused, in one line, while all three run.
	_, stderr, code := runDstail(t, state, "--json", "--once", srv.StreamURL("shared"))
	if code != 1 || strings.Count(stderr, "\n") != 1 || !strings.Contains(stderr, "another dstail is already following") {
		t.Errorf("second --json reader: exit %d, stderr %q; want 1 and one line of refusal", code, stderr)
	}
	if reader.exited() {
		t.Fatalf("the --json reader exited beside the views (code %d): %s", reader.exitCode, reader.stderr.String())
	}

	// The reader stops at 30; the views go on to 40 and quit.
	reader.signal(t, syscall.SIGINT)
	if code := reader.wait(t); code != 130 && code != 0 {
		t.Fatalf("the --json reader on SIGINT: exit %d; stderr:\n%s", code, reader.stderr.String())
	}
	if err := w.jsonRange(30, 40); err != nil {
		t.Fatal(err)
	}
	for i, v := range views {
		v.Wait(fmt.Sprintf("view %d with message 39", i), shows(39))
		v.Keys("q")
		v.Wait(fmt.Sprintf("view %d exit 0", i), func(sc string) bool { return strings.Contains(sc, "EXIT=0") })
	}
	// What the views showed did not move the reader's position: its next
	// run prints exactly what it missed.
	stdout, stderr, code := runDstail(t, state, "--json", "--once", srv.StreamURL("shared"))
	if code != 0 {
		t.Fatalf("the reader's next run: exit %d; stderr:\n%s", code, stderr)
	}
	checkSequence(t, seqOf(t, parseRecords(t, stdout)), 30, 40)

	// A view opened again goes on from where the views stopped.
	if err := w.jsonRange(40, 45); err != nil {
		t.Fatal(err)
	}
	name := fmt.Sprintf("dsview2-%d", time.Now().UnixNano())
	again := tmuxpane.New(t, name, name, env+dstailBin+" "+srv.StreamURL("shared")+"; echo EXIT=$?; sleep 60")
	sc := again.Wait("the reopened view with message 44", shows(44))
	if !strings.Contains(sc, "5 messages") {
		t.Errorf("the reopened view should show only the 5 new messages:\n%s", sc)
	}
}
