package opencode

import (
	"fmt"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
)

// unknownTypes remembers the event types of the followed session that the
// model does not understand, so each is reported once; the model counts
// every such event (reconcile.Stats.Unknown).
type unknownTypes map[string]bool

// noteUnknown reports the first event of each type the model ignored. A
// newer server may add types; they are skipped, never fatal.
func (f *sessionFollower) noteUnknown(ev reconcile.Event) {
	if reconcile.Known(ev.Type) || ev.Session != f.opts.Session || f.unknown[ev.Type] {
		return
	}
	if f.unknown == nil {
		f.unknown = unknownTypes{}
	}
	f.unknown[ev.Type] = true
	if f.opts.OnState != nil {
		f.opts.OnState(feed.State{Phase: f.phase, Mode: "events",
			Note: fmt.Sprintf("ignoring %q events of session %s: not understood by this dstail (counted, not shown)", sanitize.Line(ev.Type), f.opts.Session)})
	}
}
