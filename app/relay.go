package app

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"sync"
	"time"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/follower"
	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/ndjson"
	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// RelayOptions are the flags of `dstail relay`.
type RelayOptions struct {
	To       string        // a base URL (<base>/<session id>) or a template with {session}
	Index    string        // the index stream's name under the base ("" none)
	Producer string        // Producer-Id
	Linger   time.Duration // how long a batch waits for more records
}

// DefaultRelayProducer is the Producer-Id of a relay unless --producer-id says.
const DefaultRelayProducer = "dstail-relay"

// relayMaxBatch caps one append's records in bytes; relayMaxQueue is how
// much a stream may have waiting before the follow waits for it.
const (
	relayMaxBatch = 1 << 20
	relayMaxQueue = 8 << 20
)

// errResync ends one relay pass: a stream holds something else than this
// relay thought, so every tail is read again under the next epoch.
var errResync = errors.New("resync")

// Relay follows OpenCode sessions (the targets, or --all) and appends each
// session's records (what --json writes) to a Durable Stream of its own,
// exactly once: the resume point is read back from each stream's tail.
func Relay(ctx context.Context, c *Config, io *iostreams.IOStreams, targets []string, o RelayOptions) error {
	if err := checkRelay(c, targets, &o); err != nil {
		return err
	}
	r, err := newRun(c, io)
	if err != nil {
		return err
	}
	server, err := r.sessionServer(targets)
	if err != nil {
		return err
	}
	backoff := transport.DefaultBackoff()
	// A resync takes the next epoch, not a new one from the clock: a relay
	// started later (whose clock epoch is higher) keeps the stream, and this
	// one then meets a stale epoch and stops, instead of fencing it in turn.
	for epoch := ds.NewEpoch(); ; epoch++ {
		rel := &relay{r: r, o: o, epoch: epoch, streams: map[string]*relayStream{}}
		err := rel.pass(ctx, server, targets)
		if !errors.Is(err, errResync) {
			return err
		}
		r.n.warn("%v; reading the streams again", err)
		if err := transport.Sleep(ctx, backoff.Next(0)); err != nil {
			return err
		}
	}
}

func checkRelay(c *Config, targets []string, o *RelayOptions) error {
	switch {
	case o.To == "":
		return Usagef("dstail relay needs --to URL: the base of the streams (<base>/<session id>) or a template with {session}")
	case len(targets) == 0 && !c.All:
		return Usagef("dstail relay needs ses_… session IDs or --all")
	case o.Linger < 0 || o.Linger > time.Minute:
		return Usagef("--linger must be between 0 and 1m, not %s", o.Linger)
	case o.Producer == "":
		o.Producer = DefaultRelayProducer
	}
	u, err := parseServer(strings.ReplaceAll(o.To, "{session}", "x"))
	if err != nil {
		return Usagef("--to: %v", err)
	}
	if u.RawQuery != "" || u.Fragment != "" {
		return Usagef("--to must be a stream base URL without a query, not %q", Redact(o.To))
	}
	return nil
}

// relay is one pass: one epoch, one follow, a stream per session.
type relay struct {
	r       *run
	o       RelayOptions
	epoch   int64
	stop    context.CancelCauseFunc
	mu      sync.Mutex // guards streams (the writers read it on exit)
	streams map[string]*relayStream
	index   *relayStream
	wg      sync.WaitGroup
	single  bool
}

// pass follows until an error, a resync or the end of the sessions.
func (rel *relay) pass(ctx context.Context, server string, targets []string) error {
	c := rel.r.c
	fctx, stop := context.WithCancelCause(ctx)
	defer stop(nil)
	rel.stop, rel.single = stop, !c.All
	if rel.o.Index != "" {
		idx, closed, err := rel.open(fctx, rel.streamURL(rel.o.Index), "", func([]byte) error { return nil })
		if err != nil {
			return err
		}
		if closed {
			return fmt.Errorf("the index %s is closed; name another with --index", idx.p.What())
		}
		rel.index = idx
		rel.wg.Add(1)
		go idx.write()
	}
	opts := follower.Options{
		Server: server, Header: c.sessionHeader(), HTTP: c.http, Sessions: targets,
		All: c.All, Children: c.Children, MaxSessions: c.MaxSessions,
		IdleTimeout: c.IdleTimeout, MaxRetries: c.MaxRetries, MaxEventSize: c.MaxEventSize, MaxBuffer: c.MaxBuffer,
		OnState: rel.r.n.state,
		OnDrop:  rel.gone,
		Start: func(id string, _ follower.Origin) (follower.Start, error) {
			return rel.start(fctx, id)
		},
	}
	err := follower.Follow(fctx, opts, rel.session)
	if cause := context.Cause(fctx); fctx.Err() != nil && ctx.Err() == nil {
		err = cause
	}
	rel.drain(err == nil || errors.Is(err, errRelayDone))
	if errors.Is(err, errRelayDone) {
		return nil
	}
	return err
}

// errRelayDone ends a relay whose every stream was closed.
var errRelayDone = errors.New("every relayed stream is closed")

// streamURL is where a session's records go.
func (rel *relay) streamURL(id string) string {
	if strings.Contains(rel.o.To, "{session}") {
		return strings.ReplaceAll(rel.o.To, "{session}", id)
	}
	return strings.TrimRight(rel.o.To, "/") + "/" + id
}

// open creates (or takes) a stream and reads its tail, which is where the
// relay resumes; each gets every record already stored.
func (rel *relay) open(ctx context.Context, where, session string, each func([]byte) error) (*relayStream, bool, error) {
	c := rel.r.c
	header, _ := c.header()
	p, err := ds.NewProducer(ds.ProducerOptions{
		URL: where, Header: header, HTTP: c.http, ID: rel.o.Producer, Epoch: rel.epoch, MaxRetries: c.MaxRetries,
	})
	if err != nil {
		return nil, false, err
	}
	if err := p.Create(ctx); err != nil {
		return nil, false, err
	}
	closed, err := p.Tail(ctx, each)
	if err != nil {
		return nil, false, err
	}
	rs := &relayStream{rel: rel, p: p, session: session}
	rs.wake = sync.NewCond(&rs.mu)
	return rs, closed, nil
}

// start opens a session's stream and resumes after the last record it
// holds, through the one start policy: the stream's tail is the saved
// position.
func (rel *relay) start(ctx context.Context, id string) (follower.Start, error) {
	var tail offsets.Position
	var trailing map[string]bool // records after the last one with a seq or id
	where := rel.streamURL(id)
	rs, closed, err := rel.open(ctx, where, id, func(msg []byte) error {
		before := tail
		if err := tailRecord(&tail, msg, id, where); err != nil {
			return err
		}
		if trailing == nil || tail != before {
			trailing = map[string]bool{}
		}
		trailing[string(msg)] = true
		return nil
	})
	if err != nil {
		return follower.Start{}, err
	}
	rs.overlap = trailing
	rel.mu.Lock()
	rel.streams[id] = rs
	rel.mu.Unlock()
	if closed {
		rel.r.n.warn("%s is closed; not relaying session %s", rs.p.What(), id)
		rs.err = ds.ErrClosed
		return follower.Start{Silent: true}, nil
	}
	rel.wg.Add(1)
	go rs.write()
	found := rs.p.Count() > 0
	how := "from the start"
	if found {
		how = fmt.Sprintf("after record %d (seq %d)", rs.p.Count(), tail.Seq)
	}
	rel.r.n.state(feed.State{Note: fmt.Sprintf("relaying %s to %s %s", id, rs.p.What(), how)})
	rel.announce(id, nil)
	return sessionStart(&Config{From: "saved"}, follower.OriginTarget, tail, found), nil
}

// tailRecord reads one stored record into the resume point: the last seq
// and event id of the session.
func tailRecord(pos *offsets.Position, msg []byte, id, where string) error {
	var rec struct {
		Session string `json:"session"`
		Seq     *int64 `json:"seq"`
		ID      string `json:"id"`
	}
	if err := json.Unmarshal(msg, &rec); err != nil || rec.Session != id {
		return fmt.Errorf("%s holds something else than the records of session %s; relay to another stream", Redact(where), id)
	}
	if rec.Seq != nil {
		pos.Seq = *rec.Seq
	}
	if rec.ID != "" {
		pos.EventID = rec.ID
	}
	return nil
}

// session hands a follower call's records to the session's stream.
func (rel *relay) session(id string, evs []reconcile.Event, m *reconcile.Model) error {
	rel.mu.Lock()
	rs := rel.streams[id]
	rel.mu.Unlock()
	if rs == nil || len(evs) == 0 {
		return nil
	}
	recs := make([][]byte, 0, len(evs))
	for i := range evs {
		rec := ndjson.SessionRecord(evs[i])
		// A resume hands on the session's state again as records without a
		// seq or id; the ones the stream ends with already are not repeated.
		if rs.overlap[string(rec)] {
			continue
		}
		rs.overlap = nil
		recs = append(recs, rec)
	}
	if rs.push(recs) {
		rel.announce(id, m)
	}
	for i := range evs {
		if evs[i].Type == reconcile.TypeSessionDeleted {
			rel.gone(id)
		}
	}
	return nil
}

// gone closes the stream of a session deleted on the server, once its
// records are stored: its viewers end.
func (rel *relay) gone(id string) {
	rel.mu.Lock()
	rs := rel.streams[id]
	rel.mu.Unlock()
	if rs != nil {
		rs.finish(true)
	}
}

// announce appends a line to the index stream when a session's title or
// status changed (m nil: the session was just opened).
func (rel *relay) announce(id string, m *reconcile.Model) {
	if rel.index == nil {
		return
	}
	rec := struct {
		Session string `json:"session"`
		Stream  string `json:"stream"`
		Title   string `json:"title,omitempty"`
		Status  string `json:"status,omitempty"`
	}{Session: id, Stream: Redact(rel.streamURL(id))}
	if m != nil {
		h := m.Header()
		rec.Status = h.Status.Type
		if h.Session != nil {
			rec.Title = h.Session.Title
		}
	}
	key := rec.Title + "\x00" + rec.Status
	rel.mu.Lock()
	rs := rel.streams[id]
	changed := rs != nil && rs.announced != key
	if changed {
		rs.announced = key
	}
	rel.mu.Unlock()
	if !changed {
		return
	}
	line, _ := json.Marshal(rec)
	rel.index.push([][]byte{line})
}

// drain waits for the writers: with flush, until what is queued is stored
// (a few seconds at most), else at once.
func (rel *relay) drain(flush bool) {
	rel.mu.Lock()
	all := make([]*relayStream, 0, len(rel.streams)+1)
	for _, rs := range rel.streams {
		all = append(all, rs)
	}
	if rel.index != nil {
		all = append(all, rel.index)
	}
	rel.mu.Unlock()
	for _, rs := range all {
		rs.finish(false)
	}
	done := make(chan struct{})
	go func() { rel.wg.Wait(); close(done) }()
	if flush {
		select {
		case <-done:
			return
		case <-time.After(5 * time.Second):
		}
	}
	for _, rs := range all {
		rs.abort()
	}
	<-done
}

// fail ends the pass on a writer's error, with the one line that says
// what it means.
func (rel *relay) fail(rs *relayStream, err error) {
	switch {
	case errors.Is(err, ds.ErrClosed):
		rel.r.n.warn("%s was closed; no longer relaying session %s", rs.p.What(), rs.session)
		rel.endIfAllClosed()
	case errors.Is(err, ds.ErrStaleEpoch):
		rel.stop(fmt.Errorf("%w; this relay stops (another relay now writes the session)", err))
	case errors.Is(err, ds.ErrSeqGap), errors.Is(err, ds.ErrStreamSeq):
		rel.stop(fmt.Errorf("%w: %w", errResync, err))
	default:
		rel.stop(err)
	}
}

// endIfAllClosed ends a relay of named sessions once every stream is
// closed; --all waits for new sessions.
func (rel *relay) endIfAllClosed() {
	if !rel.single {
		return
	}
	rel.mu.Lock()
	defer rel.mu.Unlock()
	for _, rs := range rel.streams {
		rs.mu.Lock()
		open := rs.err == nil
		rs.mu.Unlock()
		if open {
			return
		}
	}
	rel.stop(errRelayDone)
}
