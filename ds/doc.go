// Package ds reads a Durable Stream: catch-up in slices, then live by SSE
// or long-poll, resuming every attempt from the latest position handed on,
// so nothing is lost or repeated across reconnects.
package ds
