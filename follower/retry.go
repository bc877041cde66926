package follower

import (
	"context"
	"errors"
	"fmt"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// followEvents is the reconnect loop of a follow: attempt connects and
// follows until it fails; a healthy attempt resets the backoff, a
// permanent error (or an unreachable server before the first connection)
// ends it, and --max-retries failures in a row give up. what names the
// follow in that last error.
func followEvents(ctx context.Context, b *transport.Backoff, retryNow <-chan struct{}, maxRetries int, what string, report func(feed.State),
	attempt func(ctx context.Context, first bool) (healthy bool, err error)) error {
	failures, connected, first := 0, false, true
	report(feed.State{Phase: feed.PhaseConnecting, Mode: "events"})
	for {
		healthy, err := attempt(ctx, first)
		var he transport.HandlerError
		switch {
		case ctx.Err() != nil:
			return ctx.Err()
		case err == nil:
			return nil
		case errors.As(err, &he):
			return he.Err
		}
		if healthy {
			first, connected = false, true
			failures = 0
			b.Reset()
		}
		if transport.Permanent(err) || !connected && transport.Unreachable(err) {
			return err
		}
		failures++
		if maxRetries > 0 && failures > maxRetries {
			return fmt.Errorf("%s: %w after %d attempts: %w", what, transport.ErrNoProgress, failures, err)
		}
		wait := b.NextAfter(err)
		report(feed.State{Phase: feed.PhaseRetrying, Mode: "events", Attempt: failures, Err: err, RetryIn: wait})
		if err := transport.Pause(ctx, wait, retryNow); err != nil {
			return err
		}
	}
}

// reportPhase passes s on to onState once per phase (every retry is
// passed on: its attempt and wait change) and keeps the phase in *phase.
func reportPhase(phase *feed.Phase, onState func(feed.State), s feed.State) {
	if s.Phase == *phase && s.Phase != feed.PhaseRetrying {
		return
	}
	*phase = s.Phase
	if onState != nil {
		onState(s)
	}
}
