// Package e2eoc runs the built dstail binary against real OpenCode servers
// (internal/ocpeer, with a scripted mock LLM) and checks that what dstail
// prints, folded in order into an empty reconcile.Model, is exactly the
// session the server stores. It holds tests only.
package e2eoc
