//go:build unix && !linux

package ocpeer

import "syscall"

// setDeathSignal has no equivalent outside Linux; a crashed test binary may
// leave its server running there.
func setDeathSignal(*syscall.SysProcAttr) {}
