// Package transport is the connection base every transport shares: the
// HTTP client (bounded dialing, same-origin redirects, TLS options and
// hints), capped and fully jittered exponential backoff with Retry-After,
// the watchdog that ends silent connections, the error kinds that decide
// whether a retry can help, and URL redaction for messages.
//
// The transports themselves live beside it, one package per protocol: ds
// (Durable Streams) and opencode (OpenCode). They never print and never
// exit: they hand batches to a callback on the reading goroutine (which gives
// natural back-pressure) and report connection-state changes through another.
package transport
