package opencode

import (
	"context"

	"github.com/dstail/dstail/reconcile"
)

// Follow hands each event that arrives, with whatever queued behind it, to
// apply, until the connection ends; what it queued before the end is
// still applied.
func (c *Events) Follow(ctx context.Context, apply func(first *reconcile.Event) error) error {
	for {
		select {
		case <-ctx.Done():
			return ctx.Err()
		case err := <-c.done:
			if drainErr := apply(nil); drainErr != nil {
				return drainErr
			}
			return err
		case ev := <-c.events:
			c.took(ev)
			if err := apply(ev); err != nil {
				return err
			}
		}
	}
}

// Queued returns an iterator over first (if any) and then the events
// already queued, without waiting for more.
func (c *Events) Queued(first *reconcile.Event) func() (reconcile.Event, bool) {
	return func() (reconcile.Event, bool) {
		if first != nil {
			ev := *first
			first = nil
			return ev, true
		}
		select {
		case ev := <-c.events:
			c.took(ev)
			return *ev, true
		default:
			return reconcile.Event{}, false
		}
	}
}
