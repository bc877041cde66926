package app

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/tui"
)

// errBackToServers ends a server's session list, opened from the server
// list, with esc: the server list shows again.
var errBackToServers = errors.New("back to the list of servers")

// pickAndFollow runs `dstail` without TARGET on a terminal: a filterable
// list of the server's sessions, with live statuses; enter follows the
// chosen one, esc in its view returns to the list, q quits. Without
// --server it first looks for servers as `dstail servers` does; with more
// than one it starts a level up, from their list (servers_picker.go), and
// esc in a server's session list returns to it.
func pickAndFollow(ctx context.Context, c *Config, io *iostreams.IOStreams) error {
	if _, err := c.openCodeServer(); err != nil {
		return err
	}
	r, err := newRun(c, io)
	if err != nil {
		return err
	}
	c.FromPicker = true
	servers := r.serversToPick(ctx)
	for {
		on := r
		if len(servers) > 1 {
			i, err := pickServer(ctx, io, servers)
			if err != nil || i < 0 || ctx.Err() != nil {
				return err
			}
			on = r.onServer(servers[i])
		}
		err := on.pickSession(ctx, len(servers) > 1)
		if !errors.Is(err, errBackToServers) {
			return err
		}
	}
}

// pickSession shows the sessions of the run's server until one is chosen,
// and follows it; esc in its view shows the list again. With escBack, esc
// in the list returns errBackToServers.
func (r *run) pickSession(ctx context.Context, escBack bool) error {
	server, err := r.c.openCodeServer()
	if err != nil {
		return err
	}
	lo := opencode.ListOptions{Server: server, Header: r.c.sessionHeader(), HTTP: r.c.http, AllDirs: true}
	for {
		list, err := opencode.ListSessions(ctx, lo)
		if err != nil {
			return err
		}
		chosen, err := pick(ctx, r.io, lo, list, escBack)
		if err != nil || chosen == "" || ctx.Err() != nil {
			return err
		}
		if err := r.sessions(ctx, []string{chosen}); !errors.Is(err, ErrBackToList) {
			return err
		}
	}
}

// pick shows the picker until a session is chosen ("" when the user quit).
func pick(ctx context.Context, io *iostreams.IOStreams, lo opencode.ListOptions, list []opencode.SessionSummary, escBack bool) (string, error) {
	sessions := make([]tui.PickerSession, len(list))
	for i, s := range list {
		sessions[i] = pickerSession(s)
	}
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	picker := tui.NewPicker(sessions)
	if escBack {
		picker.EscBack()
	}
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
	if picker.Back() {
		return "", errBackToServers
	}
	return picker.Chosen(), err
}

func pickerSession(s opencode.SessionSummary) tui.PickerSession {
	return tui.PickerSession{ID: s.ID, Title: s.Title, Directory: s.Directory, ParentID: s.ParentID, Status: s.Status, Updated: s.Updated}
}
