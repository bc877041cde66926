package app

import (
	"context"
	"os"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/ndjson"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/tui"
)

// Replay shows a saved --json capture (--replay FILE, - for stdin) through
// the session model and the same sinks as a live run, so line flags, time
// stamps and colour apply alike. Nothing touches the network or the saved
// positions. A file that cannot be opened is a usage error (exit 2); a bad
// line is an error naming it (exit 1).
func Replay(ctx context.Context, c *Config, io *iostreams.IOStreams, targets []string) error {
	if len(targets) > 0 {
		return Usagef("--replay shows a saved capture instead of following a TARGET; drop %q or --replay", targets[0])
	}
	rd, name := io.In, "stdin"
	if c.Replay != "-" {
		f, err := os.Open(c.Replay)
		if err != nil {
			return Usagef("--replay: %v", err)
		}
		defer f.Close()
		rd, name = f, c.Replay
	}
	capt, err := ndjson.ReadCapture(rd, name, c.MaxEventSize)
	if err != nil {
		return err
	}
	if !useView(c, io) {
		return toLines(ctx, c, io, &notices{w: io.ErrOut, quiet: c.Quiet}, len(capt.Sessions) > 1, func(_ context.Context, s sink) error { return deliver(capt, s) })
	}
	opts := viewOptions(c, io, "replay of "+name)
	opts.ActionsOff = "a replay"
	var view wentBack = tui.NewTabs(opts, capt.Sessions...)
	if len(capt.Streams) > 0 {
		view = tui.NewStream(opts)
	}
	return runView(ctx, io, view, func(_ context.Context, s sink) error {
		err := deliver(capt, s)
		s.State(feed.State{Note: "replay, no network"})
		return err
	})
}

// deliver hands capture c to s as the live run handed it on: stream
// batches as they came, session events applied in order, one model per
// session, each with the model after it.
func deliver(c *ndjson.Capture, s sink) error {
	for i := range c.Streams {
		if err := s.Stream(c.Streams[i].Stream, &c.Streams[i].Batch); err != nil {
			return err
		}
	}
	return newRecordFold().deliver(s, c.Events)
}

// recordFold folds session records (a capture, a relayed stream) into one
// model per session and hands each record that changed its model on, as
// the live run did.
type recordFold struct{ models map[string]*reconcile.Model }

func newRecordFold() *recordFold { return &recordFold{models: map[string]*reconcile.Model{}} }

func (f *recordFold) deliver(s sink, events []reconcile.Event) error {
	for _, ev := range events {
		m := f.models[ev.Session]
		if m == nil {
			m = reconcile.New(ev.Session)
			f.models[ev.Session] = m
		}
		if m.Apply(ev) {
			if err := s.Session(ev.Session, []reconcile.Event{ev}, m); err != nil {
				return err
			}
		}
	}
	return nil
}
