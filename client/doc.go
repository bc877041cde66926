// Package client holds dstail's transports: a Durable Streams reader
// (catch-up, long-poll, SSE) and the OpenCode event source. Each runs its own
// reconnect loop with capped, fully jittered exponential backoff, a watchdog
// on silent connections, and resumes every attempt from the latest position
// handed on, so nothing is lost or repeated across reconnects.
//
// Transports never print and never exit: they hand batches to a callback on
// the reading goroutine (which gives natural back-pressure) and report
// connection-state changes through another.
package client
