// Package feed holds the types that sources, the session model's callers
// and sinks share: a Durable Streams batch and its messages, how a stream's
// bytes are framed, resumable positions, and connection-state changes.
// It imports nothing of the network, so sinks and the view can use it
// without pulling in a transport.
package feed
