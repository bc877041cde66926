// Package soak holds what the seeded fault soaks of e2e/ (Durable Streams)
// and e2eoc/ (OpenCode) share: their command-line flags, the runner that
// starts one subtest per seed, and the summary of all runs. See
// docs/soak.md.
package soak
