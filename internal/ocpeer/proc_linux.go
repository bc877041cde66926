package ocpeer

import "syscall"

// setDeathSignal kills the server when the test binary dies without running
// its cleanups (test timeout panic, SIGKILL), so no server is left behind.
// Linux sends it when the spawning OS thread exits; Go only retires threads
// of goroutines that exit while locked to them, which tests here never do.
func setDeathSignal(attr *syscall.SysProcAttr) { attr.Pdeathsig = syscall.SIGKILL }
