package app

import (
	"context"
	"io"

	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/sanitize"
)

// Completion is one session offered for a Tab press: its ID and title.
type Completion struct{ ID, Title string }

// SessionCompletions asks the configured server for its sessions. Any
// failure (no server, wrong password, time-out) gives nothing: a Tab press
// must never print an error into the command line.
func SessionCompletions(ctx context.Context, c *Config) []Completion {
	server, err := c.oneServer(&notices{w: io.Discard, quiet: true})
	if err != nil {
		return nil
	}
	list, err := opencode.ListSessions(ctx, opencode.ListOptions{Server: server, Header: c.sessionHeader(), HTTP: c.http, Limit: 200})
	if err != nil {
		return nil
	}
	out := make([]Completion, len(list))
	for i, s := range list {
		out[i] = Completion{ID: s.ID, Title: sanitize.Line(s.Title)}
	}
	return out
}
