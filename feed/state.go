package feed

import "time"

// Phase is where a transport stands with its server.
type Phase string

const (
	PhaseConnecting Phase = "connecting"
	PhaseCatchingUp Phase = "catching-up"
	PhaseLive       Phase = "live"
	PhaseRetrying   Phase = "retrying"
	PhaseClosed     Phase = "closed"
)

// State is a connection-state change, reported as it happens.
type State struct {
	Phase   Phase
	Mode    string        // "catch-up", "sse", "long-poll", "events"
	Attempt int           // consecutive failed attempts so far
	Err     error         // why the last attempt failed, when retrying
	RetryIn time.Duration // wait before the next attempt, when retrying
	Offset  string        // Durable Streams offset reached, when known
	Note    string        // a one-off notice, e.g. a fallback to long-poll
}
