package e2emdns

import (
	"os"
	"os/exec"
	"strconv"
	"testing"
	"time"
)

// pane is a detached 120x40 tmux session on a tmux server of its own: a
// server started outside the namespace would run the command outside it.
type pane struct {
	t      *testing.T
	socket string
}

func newPane(t *testing.T, command string) *pane {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is required for this test (apt-get install tmux): ", err)
	}
	p := &pane{t: t, socket: "dstail-e2emdns-" + strconv.Itoa(os.Getpid())}
	p.run("new-session", "-d", "-s", "main", "-x", "120", "-y", "40", command)
	t.Cleanup(func() { _ = exec.Command("tmux", "-L", p.socket, "kill-server").Run() })
	return p
}

func (p *pane) run(args ...string) string {
	p.t.Helper()
	out, err := exec.Command("tmux", append([]string{"-L", p.socket}, args...)...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

func (p *pane) screen() string { return p.run("capture-pane", "-p", "-t", "main") }

func (p *pane) keys(keys ...string) { p.run(append([]string{"send-keys", "-t", "main"}, keys...)...) }

// wait polls the screen generously: the machine may be loaded.
func (p *pane) wait(what string, ok func(string) bool) string {
	p.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		sc := p.screen()
		if ok(sc) {
			return sc
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("screen never showed %s:\n%s", what, sc)
		}
		time.Sleep(100 * time.Millisecond)
	}
}
