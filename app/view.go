package app

import (
	"context"
	"errors"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/tui"
)

// viewSink hands what sources deliver to the terminal view as messages.
// marks holds each session's mark until its first change carries it; the
// source calls both on its goroutine.
type viewSink struct {
	p     *tea.Program
	marks map[string]time.Time
}

func (v viewSink) Mark(id string, seen time.Time) { v.marks[id] = seen }

func (v viewSink) Stream(_ string, b *feed.Batch) error {
	v.p.Send(tui.NewStreamMsg(b))
	return nil
}

func (v viewSink) Session(id string, evs []reconcile.Event, m *reconcile.Model) error {
	msg := tui.NewSessionMsg(m, evs)
	if seen, ok := v.marks[id]; ok {
		msg.Seen = seen
		delete(v.marks, id)
	}
	v.p.Send(tui.TabMsg{Session: id, SessionMsg: msg})
	return nil
}

func (v viewSink) State(s feed.State) { v.p.Send(tui.ConnMsg{State: s}) }
func (v viewSink) Gone(id string)     { v.p.Send(tui.TabGoneMsg{Session: id}) }

// viewOptions maps the configuration onto the view.
func viewOptions(c *Config, io *iostreams.IOStreams, title string) tui.Options {
	opts := tui.Options{Server: Redact(title), AltScreen: !c.Inline, Inline: c.Inline, Dark: true,
		Color: io.ViewColor(), Mouse: true, Timestamps: c.Lines.Timestamps != "", ShowPart: c.Lines.Filter.ShowPart,
		Back: c.FromPicker, ActionsOff: "no write path to this source", ToolLines: c.Lines.ToolLines}
	if c.Lines.Timestamps == output.TimestampsRFC3339 {
		opts.TimeLayout = time.RFC3339
	}
	return opts
}

// retryNow is the channel a source waits on between attempts and the
// view's 'r' that fills it; a press while one is pending is one press.
func retryNow(o *tui.Options) <-chan struct{} {
	ch := make(chan struct{}, 1)
	o.RetryNow = func() {
		select {
		case ch <- struct{}{}:
		default:
		}
	}
	return ch
}

// viewActions is the write path of a live session view, or why there is
// none.
func viewActions(ctx context.Context, c *Config, server string) (tui.Actor, string) {
	if c.ReadOnly {
		return nil, "--read-only"
	}
	return viewActor{ctx: ctx, s: newSessionActions(c, server)}, ""
}

// wentBack is what a view that esc can end reports.
type wentBack interface {
	tea.Model
	WentBack() bool
}

// runView runs view while feed delivers to it from another goroutine. A
// failure of feed ends the view and is returned once the terminal is
// restored, so the error is one clean line; a source that ends cleanly
// stays on screen, marked closed, until the user quits.
func runView(ctx context.Context, io *iostreams.IOStreams, view wentBack, feed func(ctx context.Context, s sink) error) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	p := tea.NewProgram(view, tea.WithContext(ctx), tea.WithOutput(io.Out), tea.WithColorProfile(io.ColorProfile()))
	done := make(chan error, 1)
	go func() {
		err := feed(ctx, viewSink{p: p, marks: map[string]time.Time{}})
		done <- err
		if err != nil {
			p.Quit()
		}
	}()
	_, runErr := p.Run()
	cancel()
	err := <-done
	if errors.Is(runErr, tea.ErrProgramKilled) || errors.Is(runErr, tea.ErrInterrupted) {
		runErr = nil
	}
	switch {
	case err != nil && !errors.Is(err, context.Canceled):
		return err
	case runErr != nil:
		return runErr
	case view.WentBack():
		return ErrBackToList
	}
	return nil
}
