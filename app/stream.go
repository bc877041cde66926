package app

import (
	"context"
	"errors"
	"fmt"
	"net/url"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/ndjson"
	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
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
	view := useView(r.c, r.io)
	saved, found, err := r.streamPosition(pos, view, where, key)
	if err != nil {
		return err
	}
	header, _ := r.c.header()
	opts := ds.StreamOptions{
		URL: where, Header: header, From: streamStart(r.c, saved, found), Live: liveMode(r.c),
		IdleTimeout: r.c.IdleTimeout, MaxRetries: r.c.MaxRetries, MaxEventSize: r.c.MaxEventSize, MaxBuffer: r.c.MaxBuffer, HTTP: r.c.http,
		ExactText: !r.c.LiveSet,
	}
	name := Redact(where)

	// A read from the very start tells a relayed session by its own first
	// batch, as a probe would: probing first would have the server build
	// the whole catch-up response twice (it builds a response whole before
	// sending it), doubling the time of a long catch-up. A read from
	// elsewhere does not see the first message, so it probes.
	decided := opts.From != (feed.Position{Offset: "-1"})
	var session string
	if decided {
		if session, err = probeSessionStream(ctx, opts); err != nil {
			return pos.close(err)
		}
	}
	records := newRecordFold()
	handle := func(s sink) func(b *feed.Batch) error {
		return func(b *feed.Batch) error {
			if !decided {
				session, decided = sessionOf(b), true
			}
			deliver := func() error { return s.Stream(name, b) }
			if session != "" {
				deliver = func() error { return deliverRecords(s, records, b) }
			}
			if err := deliver(); err != nil {
				return err
			}
			at := offsets.Position{Offset: b.After.Offset, Skip: b.After.Skip}
			if view {
				pos.viewed(where, at)
			} else {
				pos.commit(where, at)
			}
			return nil
		}
	}
	follow := func(ctx context.Context, s sink) error {
		opts.OnState = s.State
		return ds.ReadStream(ctx, opts, handle(s))
	}
	if !view {
		return pos.close(toLines(ctx, r.c, r.io, r.n, false, follow))
	}
	// Prove the stream is there before taking the screen.
	if err := ds.CheckStream(ctx, opts); err != nil {
		return pos.close(err)
	}
	vo := viewOptions(r.c, r.io, where)
	opts.RetryNow = retryNow(&vo)
	if !decided {
		// The view must know what it shows before it is made: the read
		// starts now and its first batch decides.
		peek := peekStream(ctx, opts)
		defer peek.cancel()
		first, err := peek.first()
		if err != nil {
			return pos.close(err)
		}
		if first != nil {
			session, decided = sessionOf(first), true
		}
		follow = func(ctx context.Context, s sink) error {
			return peek.follow(ctx, first, s.State, handle(s))
		}
	}
	var screen wentBack = tui.NewStream(vo)
	if session != "" {
		vo.ActionsOff = "a relayed stream"
		screen = tui.NewTabs(vo, session)
	}
	return pos.close(runView(ctx, r.io, screen, follow))
}

// streamPosition is where reading where resumes. Line and JSON output take
// the saved position with its lock: a second such reader is refused. A
// view takes no lock and leaves that position alone: it goes on from where
// the last view stopped (its mark; the stream's start when there is none)
// and moves only that mark, so any number of views follow a stream beside
// one line or JSON reader.
func (r *run) streamPosition(pos *positions, view bool, where string, key offsets.Key) (offsets.Position, bool, error) {
	if !view {
		return pos.open(where, key)
	}
	if r.c.NoSave {
		return offsets.Position{}, false, nil
	}
	mark, err := pos.openView(where, key)
	if err != nil || mark.Position == nil {
		return offsets.Position{}, false, err
	}
	return *mark.Position, true, nil
}

// errProbed ends the probe after its first batch.
var errProbed = errors.New("probed")

// probeSessionStream reads the first batch of a stream: when its first
// message is a session record (what `dstail relay` writes), the stream is
// shown as that session and the session's ID is returned. An empty stream
// is shown as a stream.
func probeSessionStream(ctx context.Context, opts ds.StreamOptions) (string, error) {
	opts.From, opts.Live, opts.OnState = feed.Position{Offset: "-1"}, ds.LiveOff, nil
	var id string
	err := ds.ReadStream(ctx, opts, func(b *feed.Batch) error {
		id = sessionOf(b)
		return errProbed
	})
	if err != nil && !errors.Is(err, errProbed) {
		return "", err
	}
	return id, nil
}

// sessionOf is the session ID of the first batch of a stream whose first
// message is a session record, or "" (a plain stream, or an empty one).
func sessionOf(b *feed.Batch) string {
	if b.Kind == feed.KindJSON && len(b.Messages) > 0 {
		if ev, ok, _ := ndjson.ParseSessionRecord(b.Messages[0].Data); ok {
			return ev.Session
		}
	}
	return ""
}

// deliverRecords folds a batch of a relayed session's stream into its
// model and hands the records on as a live session's events.
func deliverRecords(s sink, f *recordFold, b *feed.Batch) error {
	evs := make([]reconcile.Event, 0, len(b.Messages))
	for _, m := range b.Messages {
		ev, ok, err := ndjson.ParseSessionRecord(m.Data)
		if !ok {
			return fmt.Errorf("message before offset %s is not a session record (%v)", sanitize.Line(b.After.Offset), err)
		}
		evs = append(evs, ev)
	}
	return f.deliver(s, evs)
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
