package app

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/tui"
)

// pickAndFollow runs `dstail` without TARGET on a terminal: a filterable
// list of the server's sessions, with live statuses; enter follows the
// chosen one, esc in its view returns to the list, q quits.
func pickAndFollow(ctx context.Context, c *Config, io *iostreams.IOStreams) error {
	server, err := c.openCodeServer()
	if err != nil {
		return err
	}
	r, err := newRun(c, io)
	if err != nil {
		return err
	}
	lo := opencode.ListOptions{Server: server, Header: c.sessionHeader(), HTTP: c.http, AllDirs: true}
	c.FromPicker = true
	for {
		list, err := opencode.ListSessions(ctx, lo)
		if err != nil {
			return err
		}
		chosen, err := pick(ctx, io, lo, list)
		if err != nil || chosen == "" || ctx.Err() != nil {
			return err
		}
		if err := r.sessions(ctx, []string{chosen}); !errors.Is(err, ErrBackToList) {
			return err
		}
	}
}

// pick shows the picker until a session is chosen ("" when the user quit).
func pick(ctx context.Context, io *iostreams.IOStreams, lo opencode.ListOptions, list []opencode.SessionSummary) (string, error) {
	sessions := make([]tui.PickerSession, len(list))
	for i, s := range list {
		sessions[i] = pickerSession(s)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	picker := tui.NewPicker(sessions)
	p := tea.NewProgram(picker, tea.WithContext(ctx), tea.WithOutput(io.Out))
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
