package transport

import (
	"context"
	"errors"
	"net/url"
	"time"
)

// ErrNoProgress wraps the last error once MaxRetries is used up.
var ErrNoProgress = errors.New("giving up")

// DefaultMaxEventSize bounds one event or response body unless the caller
// says otherwise (--max-event-size).
const DefaultMaxEventSize = 64 << 20

// DefaultMaxBuffer bounds what a server can make dstail hold before it hands
// anything on: SSE data events waiting for their control event, and OpenCode
// events queued while a catch-up runs. Together with one event
// (--max-event-size) it keeps the peak resident set well under 256 MiB.
const DefaultMaxBuffer = 64 << 20

// HandlerError carries a handler's error out of a reconnect loop untouched:
// it is the caller's own verdict, never a reason to retry.
type HandlerError struct{ Err error }

func (h HandlerError) Error() string { return h.Err.Error() }

// Sleep waits d, or less if ctx ends first.
func Sleep(ctx context.Context, d time.Duration) error { return Pause(ctx, d, nil) }

// Pause waits d like Sleep, and ends early when now delivers: the user
// asked to retry at once. A nil now never delivers.
func Pause(ctx context.Context, d time.Duration, now <-chan struct{}) error {
	if d <= 0 {
		return ctx.Err()
	}
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-ctx.Done():
		return ctx.Err()
	case <-t.C:
	case <-now:
	}
	return nil
}

// RetryAfterOf is the wait a StatusError asked for, 0 for other errors.
func RetryAfterOf(err error) time.Duration {
	var se *StatusError
	if errors.As(err, &se) {
		return se.RetryAfter
	}
	return 0
}

// RedactedURL drops userinfo so credentials never reach messages or logs.
func RedactedURL(u *url.URL) string {
	c := *u
	c.User = nil
	c.RawQuery = ""
	return c.String()
}
