package main

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"strconv"

	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/tui"

	tea "charm.land/bubbletea/v2"
)

// followSession tails one OpenCode session: events are written, then the
// session's seq is committed, so a restart resumes after what was printed.
func followSession(ctx context.Context, o *options, server, session string, stdout io.Writer, n *noticePrinter) error {
	header, _ := o.header()
	if o.password != "" {
		header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(o.username+":"+o.password)))
	}
	key, err := offsets.NewKey(server, session)
	if err != nil {
		return err
	}
	saver, saved, found, err := openPosition(o, key, n)
	if err != nil {
		return err
	}
	opts := opencode.SessionOptions{
		Server: server, Session: session, Header: header, Once: o.once,
		IdleTimeout: o.idleTimeout, MaxRetries: o.maxRetries, MaxEventSize: o.maxEventSize, HTTP: o.http,
		OnState: n.state,
	}
	if err := applySessionFrom(&opts, o, saved, found); err != nil {
		return closeSaver(saver, err)
	}
	if useTUI(o, stdout) {
		// Prove the session is there before taking the screen.
		if _, err := opencode.CheckSession(ctx, opts); err != nil {
			return closeSaver(saver, err)
		}
		err := runTUI(ctx, o, tui.NewTabs(tuiOptions(o, server), session), stdout, func(ctx context.Context, p *tea.Program) error {
			opts.OnState = tuiNotices(p)
			return opencode.FollowSession(ctx, opts, func(events []reconcile.Event, m *reconcile.Model) error {
				p.Send(tui.NewSessionMsg(m, events))
				commitPosition(saver, sessionPosition(saver, events, m), n)
				return nil
			})
		})
		return closeSaver(saver, err)
	}
	write := sessionOutput(o, stdout)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	idle := newIdleWatch(o.untilIdle, cancel)
	err = opencode.FollowSession(ctx, opts, func(events []reconcile.Event, m *reconcile.Model) error {
		if err := write(events, m); err != nil {
			return err
		}
		commitPosition(saver, sessionPosition(saver, events, m), n)
		return idle.check(m)
	})
	if cause := context.Cause(ctx); errors.Is(err, context.Canceled) && cause != nil && !errors.Is(cause, context.Canceled) {
		err = cause
	}
	if errors.Is(err, errTurnDone) {
		err = nil
	}
	return closeSaver(saver, err)
}

// applySessionFrom maps --from onto a session: saved resumes after the saved
// seq, start prints the whole state, now prints only what happens next, and a
// number resumes after that seq. --once shows the whole state unless --from
// was given.
func applySessionFrom(opts *opencode.SessionOptions, o *options, saved offsets.Position, found bool) error {
	from := o.from
	if o.once && !o.fromSet {
		from = "start"
	}
	switch from {
	case "saved":
		if found && !saved.IsZero() {
			opts.Resume, opts.ResumeSeq, opts.ResumeEventID = true, saved.Seq, saved.EventID
		}
	case "start":
	case "now":
		opts.Silent = true
	default:
		seq, err := strconv.ParseInt(from, 10, 64)
		if err != nil || seq < 0 {
			return usagef("--from for a session must be saved, start, now or a seq number, not %q", from)
		}
		opts.Resume, opts.ResumeSeq = true, seq
	}
	return nil
}

func sessionWriter(asJSON bool, stdout io.Writer) func([]reconcile.Event, *reconcile.Model) error {
	if asJSON {
		w := output.NewSessionJSON(stdout)
		return func(evs []reconcile.Event, _ *reconcile.Model) error { return w.WriteEvents(evs) }
	}
	return output.NewSessionLines(stdout).WriteEvents
}

// sessionPosition is the seq (and newest event id) handed on so far.
func sessionPosition(saver *offsets.Saver, events []reconcile.Event, m *reconcile.Model) offsets.Position {
	var pos offsets.Position
	if saver != nil {
		pos = saver.Position()
	}
	if seq, ok := m.LastSeq(); ok {
		pos.Seq = seq
	}
	for i := len(events) - 1; i >= 0; i-- {
		if events[i].ID != "" {
			pos.EventID = events[i].ID
			break
		}
	}
	return pos
}
