package app

import (
	"context"
	"errors"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/reconcile"
)

// sink is what every source delivers to, on the source's goroutine and in
// order: line and NDJSON output (lineSink) or the terminal view (viewSink).
// A call returns once its output is written (or handed to the view), so the
// caller may commit the position after it.
type sink interface {
	Stream(name string, b *feed.Batch) error
	Session(id string, evs []reconcile.Event, m *reconcile.Model) error
	State(s feed.State)
	Gone(id string)
	// Mark says when the user last looked at a session (zero: never), before
	// its first Session call; only the view draws it.
	Mark(id string, seen time.Time)
}

// lineSink is output.Sink with connection notices on stderr.
type lineSink struct {
	*output.Sink
	n *notices
}

func (l lineSink) State(s feed.State)     { l.n.state(s) }
func (l lineSink) Gone(string)            {}
func (l lineSink) Mark(string, time.Time) {}

// newLineSink writes to stdout with the options every source shares.
func newLineSink(c *Config, io *iostreams.IOStreams, n *notices, labelled bool) lineSink {
	lines := c.Lines
	lines.Color = io.ColorEnabled()
	return lineSink{Sink: output.NewSink(io.Out, output.SinkOptions{JSON: c.JSON, Lines: lines, Labelled: labelled}), n: n}
}

// toLines runs deliver into the line sink and ends its output, so a line
// left open is ended however deliver stopped. When nobody reads stdout any
// more (the reader of the pipe exited) deliver's context ends at once, even
// while the source is quiet, and ErrOutputClosed says why.
func toLines(ctx context.Context, c *Config, io *iostreams.IOStreams, n *notices, labelled bool, deliver func(context.Context, sink) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	if closed := io.OutClosed(ctx); closed != nil {
		go func() {
			select {
			case <-closed:
				cancel(ErrOutputClosed)
			case <-ctx.Done():
			}
		}()
	}
	out := newLineSink(c, io, n, labelled)
	err := deliver(ctx, out)
	if errors.Is(context.Cause(ctx), ErrOutputClosed) {
		return ErrOutputClosed // nothing more can be written, not even the end of a line
	}
	if cerr := out.Close(); err == nil {
		err = cerr
	}
	return err
}

// useView picks the full-screen view: stdout can take it, and neither
// --json, --plain, --once nor --until-idle asked for lines. It is decided
// before anything is drawn, so pipes and cron never see escape codes.
func useView(c *Config, io *iostreams.IOStreams) bool {
	return io.CanView() && !c.JSON && !c.Plain && !c.Once && !c.UntilIdle
}
