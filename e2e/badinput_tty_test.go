package e2e

import (
	"fmt"
	"io"
	"net/http"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"
)

// liveTail gives message 3 over SSE and then holds the stream open; other
// reads at the tail say it is up to date.
func liveTail(w http.ResponseWriter, r *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	w.Header().Set("Stream-Next-Offset", offsetThree)
	w.Header().Set("Stream-Up-To-Date", "true")
	if r.Method == http.MethodHead || r.URL.Query().Get("live") != "sse" {
		_, _ = io.WriteString(w, "[]")
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	_, _ = io.WriteString(w, sseData(`[{"n":3}]`)+
		fmt.Sprintf("event: control\ndata:{\"streamNextOffset\":%q,\"upToDate\":true}\n\n", offsetThree))
	w.(http.Flusher).Flush()
	<-r.Context().Done()
}

// TestTerminalResizedToOneByOne runs the full-screen view in a tmux pane,
// squeezes the window to 1x1 and back: no crash, the view comes back, q
// exits 0, and the view leaves the position of line and JSON output alone.
func TestTerminalResizedToOneByOne(t *testing.T) {
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is required for this test (apt-get install tmux): ", err)
	}
	t.Parallel()
	f := newFakeStream(t, true, liveTail, false)
	state := t.TempDir()
	socket := fmt.Sprintf("dstail-badinput-%d", os.Getpid())
	tmux := func(args ...string) string {
		out, err := exec.Command("tmux", append([]string{"-L", socket}, args...)...).CombinedOutput()
		if err != nil {
			t.Fatalf("tmux %v: %v\n%s", args, err, out)
		}
		return string(out)
	}
	tmux("new-session", "-d", "-s", "tiny", "-x", "100", "-y", "30",
		"env XDG_STATE_HOME="+state+" "+dstailBin+" "+f.url()+"; echo EXIT=$?; sleep 60")
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", socket, "kill-server").Run() })
	waitScreen := func(what string, ok func(string) bool) {
		t.Helper()
		deadline := time.Now().Add(30 * time.Second)
		for {
			sc := tmux("capture-pane", "-p", "-t", "tiny")
			if ok(sc) {
				return
			}
			if time.Now().After(deadline) {
				t.Fatalf("screen never showed %s:\n%s", what, sc)
			}
			time.Sleep(100 * time.Millisecond)
		}
	}
	shows := func(s string) func(string) bool { return func(sc string) bool { return strings.Contains(sc, s) } }

	waitScreen("message 3", shows(`"n":3`))
	tmux("resize-window", "-t", "tiny", "-x", "1", "-y", "1")
	time.Sleep(time.Second)
	tmux("resize-window", "-t", "tiny", "-x", "100", "-y", "30")
	waitScreen("the view again after 1x1", func(sc string) bool {
		return strings.Contains(sc, `"n":3`) && !strings.Contains(sc, "EXIT=")
	})
	tmux("send-keys", "-t", "tiny", "q")
	waitScreen("exit code 0 after q", shows("EXIT=0"))

	stdout, stderr, code := runDstail(t, state, "--json", "--once", f.url())
	if code != 0 {
		t.Errorf("--once after the view: exit %d; stderr:\n%s", code, stderr)
	}
	checkMessages(t, "a run after the view", stdout, 1, 2)
}
