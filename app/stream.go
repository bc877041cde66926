package app

import (
	"context"
	"net/url"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/tui"
)

// stream tails the Durable Stream at where: read, hand to the sink, then
// commit.
func (r *run) stream(ctx context.Context, where string) error {
	u, _ := url.Parse(where)
	key, err := offsets.NewKey(where, u.EscapedPath())
	if err != nil {
		return err
	}
	pos := newPositions(r.c, r.n)
	saved, found, err := pos.open(where, key)
	if err != nil {
		return err
	}
	header, _ := r.c.header()
	opts := ds.StreamOptions{
		URL: where, Header: header, From: streamStart(r.c, saved, found), Live: liveMode(r.c),
		IdleTimeout: r.c.IdleTimeout, MaxRetries: r.c.MaxRetries, MaxEventSize: r.c.MaxEventSize, HTTP: r.c.http,
		ExactText: !r.c.LiveSet,
	}
	name := Redact(where)
	follow := func(ctx context.Context, s sink) error {
		opts.OnState = s.State
		return ds.ReadStream(ctx, opts, func(b *feed.Batch) error {
			if err := s.Stream(name, b); err != nil {
				return err
			}
			pos.commit(where, offsets.Position{Offset: b.After.Offset, Skip: b.After.Skip})
			return nil
		})
	}
	if !useView(r.c, r.io) {
		return pos.close(toLines(ctx, r.c, r.io, r.n, false, follow))
	}
	// Prove the stream is there before taking the screen.
	if err := ds.CheckStream(ctx, opts); err != nil {
		return pos.close(err)
	}
	vo := viewOptions(r.c, r.io, where)
	opts.RetryNow = retryNow(&vo)
	return pos.close(runView(ctx, r.io, tui.NewStream(vo), follow))
}

func liveMode(c *Config) ds.LiveMode {
	switch {
	case c.Once:
		return ds.LiveOff
	case c.Live == "long-poll":
		return ds.LiveLongPoll
	}
	return ds.LiveSSE
}
