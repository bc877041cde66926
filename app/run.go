package app

import (
	"context"

	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/transport"
)

// run is one follow: the configuration, the terminal environment and the
// notices on stderr, shared by every source.
type run struct {
	c  *Config
	io *iostreams.IOStreams
	n  *notices
}

// Follow runs dstail on the command line's targets: one Durable Stream, or
// OpenCode sessions (several, or --all, over one event stream), or the
// picker when there is no target and a terminal to pick on, or a replay.
func Follow(ctx context.Context, c *Config, io *iostreams.IOStreams, targets []string) error {
	if c.Replay != "" {
		return Replay(ctx, c, io, targets)
	}
	if len(targets) == 0 && !c.All {
		if io.CanPick() && useView(c, io) {
			return pickAndFollow(ctx, c, io)
		}
		return Usagef("need a TARGET (a stream URL, a stream name or a ses_… ID), several ses_… IDs, or --all")
	}
	if len(targets) == 1 && !c.All && !isSession(targets[0]) {
		if _, _, err := resolveTarget(targets[0], c.Server); err != nil {
			return err
		}
	}
	r, err := newRun(c, io)
	if err != nil {
		return err
	}
	if len(targets) == 1 && !c.All && !isSession(targets[0]) {
		return r.stream(ctx, targets[0])
	}
	return r.sessions(ctx, targets)
}

// newRun checks the shared flags and builds the HTTP client.
func newRun(c *Config, io *iostreams.IOStreams) (*run, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	r := &run{c: c, io: io, n: &notices{w: io.ErrOut, quiet: c.Quiet}}
	return r, r.buildHTTP()
}

// buildHTTP applies --cacert and --insecure. A CA file that cannot be used
// is a usage error; --insecure always warns, even with --quiet.
func (r *run) buildHTTP() error {
	cfg, err := transport.TLSConfig(transport.TLSOptions{CAFile: r.c.CACert, Insecure: r.c.Insecure})
	if err != nil {
		return Usagef("%v", err)
	}
	if r.c.Insecure {
		r.n.warn("warning: --insecure: TLS certificates are not verified, so anyone on the network path can read and change this traffic")
	}
	r.c.http = transport.NewHTTPClient(transport.HTTPOptions{TLS: cfg})
	return nil
}
