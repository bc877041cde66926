//go:build !unix

package ocpeer

import "os/exec"

// OpenCode peers run on linux and darwin only (see Binary); these keep the
// package compiling elsewhere.
func setProcessGroup(*exec.Cmd) {}

func killGroup(*exec.Cmd) {}
