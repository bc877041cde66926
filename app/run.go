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
		// The target is resolved before the flags are checked, so a bad URL
		// is the error named first.
		_, streamURL, err := resolveTarget(targets[0], c.Server)
		if err != nil {
			return err
		}
		r, err := newRun(c, io)
		if err != nil {
			return err
		}
		return r.stream(ctx, streamURL)
	}
	r, err := newRun(c, io)
	if err != nil {
		return err
	}
	return r.sessions(ctx, targets)
}

// newRun checks the shared flags and builds the HTTP client.
func newRun(c *Config, io *iostreams.IOStreams) (*run, error) {
	if err := c.Validate(); err != nil {
		return nil, err
	}
	r := &run{c: c, io: io, n: &notices{w: io.ErrOut, quiet: c.Quiet}}
	return r, buildHTTP(c, r.n)
}

// buildHTTP applies --cacert, --insecure and --compress. A CA file that cannot be used
// is a usage error; --insecure always warns, even with --quiet.
func buildHTTP(c *Config, n *notices) error {
	cfg, err := transport.TLSConfig(transport.TLSOptions{CAFile: c.CACert, Insecure: c.Insecure})
	if err != nil {
		return Usagef("%v", err)
	}
	if c.Insecure {
		n.warn("warning: --insecure: TLS certificates are not verified, so anyone on the network path can read and change this traffic")
	}
	c.http = transport.NewHTTPClient(transport.HTTPOptions{TLS: cfg, Compress: transport.Compression(c.Compress)})
	return nil
}
