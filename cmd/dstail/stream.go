package main

import (
	"context"
	"io"
	"net/url"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/tui"

	tea "charm.land/bubbletea/v2"
)

// followStream tails one Durable Stream: read, print, then commit.
func followStream(ctx context.Context, o *options, streamURL string, stdout io.Writer, n *noticePrinter) error {
	header, _ := o.header()
	u, _ := url.Parse(streamURL)
	key, err := offsets.NewKey(streamURL, u.EscapedPath())
	if err != nil {
		return err
	}
	saver, saved, found, err := openPosition(o, key, n)
	if err != nil {
		return err
	}
	from := startPosition(o.from, saved, found)
	live := ds.LiveSSE
	switch {
	case o.once:
		live = ds.LiveOff
	case o.live == "long-poll":
		live = ds.LiveLongPoll
	}
	opts := ds.StreamOptions{
		URL: streamURL, Header: header, From: from, Live: live,
		IdleTimeout: o.idleTimeout, MaxRetries: o.maxRetries, MaxEventSize: o.maxEventSize, HTTP: o.http,
		OnState: n.state, ExactText: !o.liveSet,
	}
	if useTUI(o, stdout) {
		if err := ds.CheckStream(ctx, opts); err != nil {
			return closeSaver(saver, err)
		}
		err := runTUI(ctx, o, tui.NewStream(tuiOptions(o, streamURL)), stdout, func(ctx context.Context, p *tea.Program) error {
			opts.OnState = tuiNotices(p)
			return ds.ReadStream(ctx, opts, func(b *feed.Batch) error {
				p.Send(tui.NewStreamMsg(b))
				commitPosition(saver, offsets.Position{Offset: b.After.Offset, Skip: b.After.Skip}, n)
				return nil
			})
		})
		return closeSaver(saver, err)
	}
	w := output.NewStreamWriter(stdout, redacted(streamURL), o.json).WithLineOptions(o.lineOptions(stdout))
	err = ds.ReadStream(ctx, opts, func(b *feed.Batch) error {
		if err := w.WriteBatch(b); err != nil {
			return err
		}
		commitPosition(saver, offsets.Position{Offset: b.After.Offset, Skip: b.After.Skip}, n)
		return nil
	})
	return closeSaver(saver, err)
}

// startPosition applies --from: saved (falling back to start), start, now,
// or an offset given verbatim.
func startPosition(from string, saved offsets.Position, found bool) feed.Position {
	switch from {
	case "saved":
		if found && saved.Offset != "" {
			return feed.Position{Offset: saved.Offset, Skip: saved.Skip}
		}
		return feed.Position{Offset: "-1"}
	case "start":
		return feed.Position{Offset: "-1"}
	case "now":
		return feed.Position{Offset: "now"}
	}
	return feed.Position{Offset: from}
}
