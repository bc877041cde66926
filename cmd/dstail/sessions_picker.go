package main

import (
	"context"
	"errors"
	"io"
	"os"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/tui"
)

// pickAndFollow runs `dstail` without TARGET on a terminal: a filterable
// list of the server's sessions, with live statuses; enter follows the
// chosen one, esc in its view returns to the list, q quits.
func pickAndFollow(ctx context.Context, o *options, stdout, stderr io.Writer) error {
	server, err := multiServer(o, nil)
	if err != nil {
		return err
	}
	if err := o.validate(); err != nil {
		return err
	}
	if err := o.buildHTTP(&noticePrinter{w: stderr, quiet: o.quiet}); err != nil {
		return err
	}
	lo := opencode.ListOptions{Server: server, Header: sessionHeader(o), HTTP: o.http, AllDirs: true}
	o.fromPicker = true
	for {
		list, err := opencode.ListSessions(ctx, lo)
		if err != nil {
			return err
		}
		chosen, err := pick(ctx, lo, list, stdout)
		if err != nil || chosen == "" || ctx.Err() != nil {
			return err
		}
		if err := followTargets(ctx, o, []string{chosen}, stdout, stderr); !errors.Is(err, errBackToList) {
			return err
		}
	}
}

// pick shows the picker until a session is chosen ("" when the user quit).
func pick(ctx context.Context, lo opencode.ListOptions, list []opencode.SessionSummary, stdout io.Writer) (string, error) {
	sessions := make([]tui.PickerSession, len(list))
	for i, s := range list {
		sessions[i] = pickerSession(s)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	picker := tui.NewPicker(sessions)
	p := tea.NewProgram(picker, tea.WithContext(ctx), tea.WithOutput(stdout))
	go func() {
		_ = opencode.WatchSessions(ctx, lo, func(c opencode.SessionChange) {
			p.Send(tui.PickerChangeMsg{Session: pickerSession(c.Summary), StatusOnly: c.StatusOnly})
		})
	}()
	_, err := p.Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted) {
		return "", nil
	}
	return picker.Chosen(), err
}

func pickerSession(s opencode.SessionSummary) tui.PickerSession {
	return tui.PickerSession{ID: s.ID, Title: s.Title, Directory: s.Directory, ParentID: s.ParentID, Status: s.Status, Updated: s.Updated}
}

// canPick: the picker needs a terminal on both ends and the full-screen view.
func canPick(o *options, stdout io.Writer) bool {
	return useTUI(o, stdout) && isTerminal(os.Stdin)
}
