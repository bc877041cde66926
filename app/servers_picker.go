package app

import (
	"context"
	"errors"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/tui"
)

// serversToPick are the servers the picker starts from: none with
// --server; else those found as `dstail servers` finds them (listening for
// mDNS for DiscoverWait). With one found the run is pointed at it and none
// are returned, so the picker opens its sessions directly.
func (r *run) serversToPick(ctx context.Context) []foundServer {
	if r.c.Server != "" {
		return nil
	}
	found := findServers(ctx, r.c.findOptions(DiscoverWait, true))
	if len(found) == 1 {
		*r = *r.onServer(found[0])
		return nil
	}
	return found
}

// onServer is the run pointed at a found server, with the credentials its
// probe needed when they were a named server's own.
func (r *run) onServer(s foundServer) *run {
	c := *r.c
	c.Server = s.URL
	if s.password != "" {
		c.Username, c.Password = s.username, s.password
	}
	return &run{c: &c, io: r.io, n: r.n}
}

// pickServer shows the server list until one is chosen (-1: the user quit).
func pickServer(ctx context.Context, io *iostreams.IOStreams, found []foundServer) (int, error) {
	servers := make([]tui.PickerServer, len(found))
	for i, s := range found {
		servers[i] = tui.PickerServer{
			URL: s.URL, Name: s.Name, Source: s.Source, Version: s.Version, Sessions: -1,
			NeedsPassword: s.NeedsPassword, Error: s.Error,
		}
		if s.Sessions != nil {
			servers[i].Sessions = *s.Sessions
		}
	}
	m := tui.NewServerList(servers)
	_, err := tea.NewProgram(m, tea.WithContext(ctx), tea.WithOutput(io.Out)).Run()
	if errors.Is(err, tea.ErrProgramKilled) || errors.Is(err, tea.ErrInterrupted) {
		return -1, nil
	}
	return m.Chosen(), err
}
