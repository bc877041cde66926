package main

import (
	"context"
	"io"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/tui"
)

// followTabs shows the followed sessions in the terminal view, a tab per
// session: the named ones from the start, the others as they are found.
func followTabs(ctx context.Context, o *options, opts opencode.MultiOptions, positions *positionSet, stdout io.Writer) error {
	// Prove the named sessions are there before taking the screen.
	for _, id := range opts.Sessions {
		check := opencode.SessionOptions{Server: opts.Server, Session: id, Header: opts.Header, HTTP: opts.HTTP}
		if _, err := opencode.CheckSession(ctx, check); err != nil {
			return err
		}
	}
	topts := tuiOptions(o, opts.Server)
	topts.Inline, topts.AltScreen = false, true // the tabs of several sessions take the whole screen
	view := tui.NewTabs(topts, opts.Sessions...)
	err := runView(ctx, o, view, stdout, func(ctx context.Context, p *tea.Program) error {
		opts.OnState = tuiNotices(p)
		opts.OnDrop = func(id string) {
			positions.drop(id)
			p.Send(tui.TabGoneMsg{Session: id})
		}
		return opencode.FollowSessions(ctx, opts, func(id string, events []reconcile.Event, m *reconcile.Model) error {
			p.Send(tui.TabMsg{Session: id, SessionMsg: tui.NewSessionMsg(m, events)})
			positions.commit(id, events, m)
			return nil
		})
	})
	if err = positions.close(err); err == nil && view.WentBack() {
		err = errBackToList
	}
	return err
}
