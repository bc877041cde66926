// Package e2e runs the built dstail binary against the real Durable Streams
// reference server (internal/dspeer), often through a fault-injecting proxy
// (internal/faultproxy), and checks what reaches stdout: every message
// exactly once and in order, across faults, restarts, signals and kill -9.
//
// The package has tests only; run them with
//
//	go test -race ./e2e/
package e2e
