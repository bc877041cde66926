// Package bench measures dstail side by side with curl (the physical floor on
// the same stream), a minimal Go client (bench/goreader: net/http and
// encoding/json, also the floor for process start) and the official
// TypeScript client, against the real peers on 127.0.0.1. The measurements
// are Go benchmarks run by run.sh (see BENCHMARKS.md); the package's tests
// are a short guard that fails when a ratio regresses by a large factor.
package bench
