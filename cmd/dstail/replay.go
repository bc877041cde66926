package main

import (
	"context"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/tui"
)

// replayStdin is where --replay - reads; tests replace it.
var replayStdin io.Reader = os.Stdin

// replay shows a saved --json capture (--replay FILE, - for stdin) through
// reconcile and the view or line output, like the live run it came from.
// Nothing touches the network or the saved positions. A file that cannot
// be opened is a usage error (exit 2); a bad line is an error naming it
// (exit 1).
func replay(ctx context.Context, o *options, targets []string, stdout io.Writer) error {
	if len(targets) > 0 {
		return usagef("--replay shows a saved capture instead of following a TARGET; drop %q or --replay", targets[0])
	}
	rd, name := replayStdin, "stdin"
	if o.replay != "-" {
		f, err := os.Open(o.replay)
		if err != nil {
			return usagef("--replay: %v", err)
		}
		defer f.Close()
		rd, name = f, o.replay
	}
	c, err := readCapture(rd, name, o.maxEventSize)
	if err != nil {
		return err
	}
	if useTUI(o, stdout) {
		return runTUI(ctx, o, c.view(tuiOptions(o, "replay of "+name)), stdout, func(_ context.Context, p *tea.Program) error {
			for _, msg := range c.viewMsgs() {
				p.Send(msg)
			}
			p.Send(tui.ConnMsg{State: feed.State{Note: "replay, no network"}})
			return nil
		})
	}
	return c.writeLines(o, stdout)
}

// foldSessions applies the events in order, one model per session, and
// calls each for the events that changed its model (a capture holds only
// such events, so that is all of them unless lines repeat).
func (c *capture) foldSessions(each func(reconcile.Event, *reconcile.Model) error) (map[string]*reconcile.Model, error) {
	models := map[string]*reconcile.Model{}
	for _, ev := range c.events {
		m := models[ev.Session]
		if m == nil {
			m = reconcile.New(ev.Session)
			models[ev.Session] = m
		}
		if m.Apply(ev) {
			if err := each(ev, m); err != nil {
				return nil, err
			}
		}
	}
	return models, nil
}

// view is the view of the capture: a stream's, or its first session's.
func (c *capture) view(opts tui.Options) backView {
	if len(c.streams) > 0 {
		return tui.NewStream(opts)
	}
	return tui.NewTabs(opts, c.sessions[:min(1, len(c.sessions))]...)
}

// viewMsgs are the view's messages after the whole capture: the first
// session's final state, or every stream batch.
func (c *capture) viewMsgs() []tea.Msg {
	var msgs []tea.Msg
	for i := range c.streams {
		msgs = append(msgs, tui.NewStreamMsg(&c.streams[i].batch))
	}
	if len(c.sessions) > 0 {
		models, _ := c.foldSessions(func(reconcile.Event, *reconcile.Model) error { return nil })
		m := models[c.sessions[0]]
		seq, ok := m.LastSeq()
		// A full message (not Partial): the view takes the whole state.
		msgs = append(msgs, tui.SessionMsg{State: m.State(), LastSeq: seq, HasSeq: ok})
	}
	return msgs
}

// writeLines prints the capture as the live run would have: one session
// with the single-session writer, several with labels, streams per stream.
func (c *capture) writeLines(o *options, stdout io.Writer) error {
	if len(c.streams) > 0 {
		writers := map[string]*output.StreamWriter{}
		for i := range c.streams {
			sb := &c.streams[i]
			if writers[sb.stream] == nil {
				writers[sb.stream] = output.NewStreamWriter(stdout, sb.stream, o.json)
			}
			if err := writers[sb.stream].WriteBatch(&sb.batch); err != nil {
				return err
			}
		}
		return nil
	}
	if len(c.sessions) == 1 {
		write := sessionWriter(o.json, stdout)
		_, err := c.foldSessions(func(ev reconcile.Event, m *reconcile.Model) error {
			return write([]reconcile.Event{ev}, m)
		})
		return err
	}
	write, closeWriter := multiWriter(o.json, stdout)
	_, err := c.foldSessions(func(ev reconcile.Event, m *reconcile.Model) error {
		return write(ev.Session, []reconcile.Event{ev}, m)
	})
	if cerr := closeWriter(); err == nil {
		err = cerr
	}
	return err
}
