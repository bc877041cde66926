// Package tmuxpane runs a command on a real terminal, a detached 120x40
// tmux session, for tests of the terminal view.
package tmuxpane

import (
	"os/exec"
	"strconv"
	"strings"
	"syscall"
	"testing"
	"time"
)

// Pane is a detached tmux session running one command.
type Pane struct {
	t      testing.TB
	socket string // -L: a tmux server of its own, "" for the default one
	name   string
}

// New starts command in a detached 120x40 session called name. With a
// socket it runs on a tmux server of its own, which a test inside a network
// namespace needs: a server started outside it would run the command
// outside it. tmux is required; the session (or server) ends with the test.
func New(t testing.TB, socket, name, command string) *Pane {
	t.Helper()
	if _, err := exec.LookPath("tmux"); err != nil {
		t.Fatal("tmux is required for this test (apt-get install tmux): ", err)
	}
	p := &Pane{t: t, socket: socket, name: name}
	p.Run("new-session", "-d", "-s", name, "-x", "120", "-y", "40", command)
	t.Cleanup(func() {
		if socket != "" {
			_ = exec.Command("tmux", "-L", socket, "kill-server").Run()
			return
		}
		_ = exec.Command("tmux", "kill-session", "-t", name).Run()
	})
	return p
}

// Name is the tmux session's name, the target of its commands.
func (p *Pane) Name() string { return p.name }

// Run is one tmux command on the pane's server; a failure fails the test.
func (p *Pane) Run(args ...string) string {
	p.t.Helper()
	if p.socket != "" {
		args = append([]string{"-L", p.socket}, args...)
	}
	out, err := exec.Command("tmux", args...).CombinedOutput()
	if err != nil {
		p.t.Fatalf("tmux %v: %v\n%s", args, err, out)
	}
	return string(out)
}

// Screen is what the pane shows.
func (p *Pane) Screen() string { return p.Run("capture-pane", "-p", "-t", p.name) }

// Keys types keys as tmux send-keys takes them.
func (p *Pane) Keys(keys ...string) {
	p.Run(append([]string{"send-keys", "-t", p.name}, keys...)...)
}

// Wait polls the screen until ok, generously (the machine may be loaded),
// and fails the test with the last screen otherwise.
func (p *Pane) Wait(what string, ok func(string) bool) string {
	p.t.Helper()
	deadline := time.Now().Add(60 * time.Second)
	for {
		sc := p.Screen()
		if ok(sc) {
			return sc
		}
		if time.Now().After(deadline) {
			p.t.Fatalf("screen never showed %s:\n%s", what, sc)
		}
		time.Sleep(100 * time.Millisecond)
	}
}

// KillChild sends SIGKILL to the command the pane's shell runs.
func (p *Pane) KillChild() {
	p.t.Helper()
	shell := strings.TrimSpace(p.Run("display-message", "-p", "-t", p.name, "#{pane_pid}"))
	out, err := exec.Command("pgrep", "-P", shell).Output()
	if err != nil {
		p.t.Fatalf("pgrep -P %s: %v", shell, err)
	}
	for _, f := range strings.Fields(string(out)) {
		pid, err := strconv.Atoi(f)
		if err != nil {
			p.t.Fatal(err)
		}
		if err := syscall.Kill(pid, syscall.SIGKILL); err != nil {
			p.t.Fatal(err)
		}
	}
}
