//go:build unix

package ocpeer

import (
	"os/exec"
	"syscall"
)

// setProcessGroup puts the server into its own process group, so the tool
// subprocesses it spawns (bash, ...) can be killed with it.
func setProcessGroup(cmd *exec.Cmd) {
	cmd.SysProcAttr = &syscall.SysProcAttr{Setpgid: true}
	setDeathSignal(cmd.SysProcAttr)
}

// killGroup kills what is left of the server's process group; the group id
// is the server's pid (Setpgid).
func killGroup(cmd *exec.Cmd) {
	if cmd.Process != nil {
		_ = syscall.Kill(-cmd.Process.Pid, syscall.SIGKILL)
	}
}
