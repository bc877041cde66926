// Package cputime reads the CPU time of the running process, for tests and
// benchmarks that bound or report CPU rather than wall time.
package cputime
