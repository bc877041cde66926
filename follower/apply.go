package follower

import (
	"context"

	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
)

// applyQueued applies first (if any) and everything queued behind it.
// Consecutive events of one session are handed on together, at most
// maxRun at a time; a change of session hands on what came before, so the
// order across sessions is the server's. A seq jump on a sync twin means
// something was missed, so the session catches up again before going on.
func (e *engine) applyQueued(ctx context.Context, conn *opencode.Events, first *reconcile.Event) error {
	run := batchRun{e: e, events: e.runBuf}
	defer func() {
		clear(run.events) // what an error left unhanded
		e.runBuf = run.events[:0]
	}()
	next := conn.Queued(first)
	for ev, ok := next(); ok; ev, ok = next() {
		if e.members[ev.Session] == nil && e.wants(ev) {
			if err := run.flush(); err != nil {
				return err
			}
			if err := e.addLive(ctx, ev); err != nil {
				return err
			}
		}
		m := e.members[ev.Session]
		if m == nil {
			continue
		}
		if run.m != m {
			if err := run.flush(); err != nil {
				return err
			}
			run.start(m)
		}
		if ev.Sync && m.model.SeqGap(ev) {
			if err := run.flush(); err != nil {
				return err
			}
			if err := e.catchUp(ctx, ev.Session); err != nil {
				return err
			}
			if e.members[ev.Session] == nil {
				run = batchRun{e: e, events: run.events}
				continue
			}
		}
		if m.model.Apply(ev) {
			run.events = append(run.events, ev)
		}
		e.noteUnknown(m, ev)
		if len(run.events) >= maxRun {
			if err := run.flush(); err != nil {
				return err
			}
		}
	}
	return run.flush()
}

// maxRun bounds the events handed on at once. While a server streams
// faster than they are written, the queue never empties: without a bound
// one run would gather a whole answer before writing any of it (the output
// late by the answer's length, and every event held at once).
const maxRun = 256

// batchRun collects the changes of one session between hand-ons.
type batchRun struct {
	e      *engine
	m      *member
	seq    int64
	events []reconcile.Event
}

// start begins a run of m's events in the slice the last run handed on
// (handlers keep no slice past their call): a flood is gathered without
// growing a new slice for every run. What the last run held is cleared so
// that the slice keeps none of it alive; past its length the slice is
// always clear.
func (r *batchRun) start(m *member) {
	clear(r.events)
	r.m, r.events = m, r.events[:0]
	r.seq, _ = m.model.LastSeq()
}

func (r *batchRun) flush() error {
	if r.m == nil {
		return nil
	}
	now, _ := r.m.model.LastSeq()
	if len(r.events) == 0 && now == r.seq {
		return nil
	}
	err := r.e.hand(r.m, r.events)
	r.start(r.m)
	return err
}

// noteUnknown reports, once per session and type, events the model does
// not understand. A newer server may add types; they are skipped (and
// counted by the model: reconcile.Stats.Unknown), never fatal.
func (e *engine) noteUnknown(m *member, ev reconcile.Event) {
	if reconcile.Known(ev.Type) || m.unknown[ev.Type] {
		return
	}
	if m.unknown == nil {
		m.unknown = map[string]bool{}
	}
	m.unknown[ev.Type] = true
	e.note("ignoring %q events of session %s: not understood by this dstail (counted, not shown)",
		sanitize.Line(sanitize.ShortForm(ev.Type)), sanitize.ShortForm(m.id))
}
