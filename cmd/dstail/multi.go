package main

import (
	"context"
	"encoding/base64"
	"errors"
	"io"
	"net/http"
	"os"
	"strconv"
	"strings"

	"github.com/dstail/dstail/follower"
	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/reconcile"
)

// defaultMaxSessions caps --all and --children unless --max-sessions says.
const defaultMaxSessions = 20

// followTargets dispatches the command line: a stream, or one session
// with --no-children, is followed alone; sessions with their children
// (the default), several sessions and --all share one event stream.
func followTargets(ctx context.Context, o *options, targets []string, stdout, stderr io.Writer) error {
	if len(targets) == 0 && !o.all {
		if canPick(o, stdout) {
			return pickAndFollow(ctx, o, stdout, stderr)
		}
		return usagef("need a TARGET (a stream URL, a stream name or a ses_… ID), several ses_… IDs, or --all")
	}
	single := len(targets) == 1 && !o.all
	if single && !followsChildren(o, targets[0], stdout) {
		return follow(ctx, o, targets[0], stdout, stderr)
	}
	server, err := multiServer(o, targets)
	if err != nil {
		return err
	}
	if err := o.validateMulti(single); err != nil {
		return err
	}
	n := &noticePrinter{w: stderr, quiet: o.quiet}
	if err := o.buildHTTP(n); err != nil {
		return err
	}
	return followMulti(ctx, o, server, targets, stdout, n)
}

// followsChildren: one session is followed with its child sessions unless
// --no-children; the inline view shows a single session, so it follows it
// alone.
func followsChildren(o *options, target string, stdout io.Writer) bool {
	return o.children && strings.HasPrefix(target, "ses_") && !(o.inline && useTUI(o, stdout))
}

// multiServer checks that every target is a session of one server.
func multiServer(o *options, targets []string) (string, error) {
	server := defaultOpenCodeServer
	if o.server != "" {
		server = o.server
	}
	for _, t := range targets {
		if !strings.HasPrefix(t, "ses_") {
			return "", usagef("with several targets or --all every TARGET must be a ses_… session ID, not %q", t)
		}
	}
	if _, err := parseServer(server); err != nil {
		return "", err
	}
	return strings.TrimRight(server, "/"), nil
}

// validateMulti checks the flags for sessions sharing one stream; single
// is one named session (with its children), which takes every flag one
// session does.
func (o *options) validateMulti(single bool) error {
	if err := o.validate(); err != nil {
		return err
	}
	_, seqErr := fromSeq(o.from)
	switch {
	case o.untilIdle && !single:
		return usagef("--until-idle follows a single session")
	case o.maxSessions < 0:
		return usagef("--max-sessions must not be negative")
	case o.from == "saved" || o.from == "start" || o.from == "now":
	case single && seqErr != nil:
		return usagef("--from for a session must be saved, start, now or a seq number, not %q", o.from)
	case !single:
		return usagef("--from with several sessions must be saved, start or now, not %q", o.from)
	}
	return nil
}

// fromSeq reads --from as a seq number.
func fromSeq(from string) (int64, error) {
	seq, err := strconv.ParseInt(from, 10, 64)
	if err == nil && seq < 0 {
		err = errors.New("negative")
	}
	return seq, err
}

// sessionHeader is -H plus basic auth when a password is set.
func sessionHeader(o *options) http.Header {
	header, _ := o.header()
	if o.password != "" {
		header.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(o.username+":"+o.password)))
	}
	return header
}

// followMulti writes the records of every followed session and keeps a
// saved position per session. With one named session it behaves as
// following that session alone (no labels until a child shows up,
// --until-idle on that session).
func followMulti(ctx context.Context, o *options, server string, targets []string, stdout io.Writer, n *noticePrinter) error {
	positions := newPositionSet(o, server, n)
	opts := follower.Options{
		Server: server, Header: sessionHeader(o), HTTP: o.http, Sessions: targets,
		All: o.all, Children: o.children, MaxSessions: o.maxSessions, Once: o.once,
		IdleTimeout: o.idleTimeout, MaxRetries: o.maxRetries, MaxEventSize: o.maxEventSize,
		OnState: n.state, Start: positions.start, OnDrop: positions.drop,
	}
	if useTUI(o, stdout) {
		return followTabs(ctx, o, opts, positions, stdout)
	}
	write, closeWriter := sessionsWriter(o, len(targets) > 1 || o.all, stdout)
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	idle := newIdleWatch(o.untilIdle, cancel)
	err := follower.Follow(ctx, opts, func(id string, events []reconcile.Event, m *reconcile.Model) error {
		if err := write(id, events, m); err != nil {
			return err
		}
		positions.commit(id, events, m)
		if o.untilIdle && id == targets[0] { // --until-idle takes one session
			return idle.check(m)
		}
		return nil
	})
	if cause := context.Cause(ctx); errors.Is(err, context.Canceled) && cause != nil && !errors.Is(cause, context.Canceled) {
		err = cause
	}
	if errors.Is(err, errTurnDone) {
		err = nil
	}
	if cerr := closeWriter(); cerr != nil && err == nil {
		err = cerr
	}
	return positions.close(err)
}

// multiWriter writes JSON lines as for one session (each names its
// session), or readable lines behind a label per session.
func multiWriter(asJSON bool, stdout io.Writer) (func(string, []reconcile.Event, *reconcile.Model) error, func() error) {
	if asJSON {
		w := output.NewSessionJSON(stdout)
		return func(_ string, evs []reconcile.Event, _ *reconcile.Model) error { return w.WriteEvents(evs) },
			func() error { return nil }
	}
	p := output.NewPrefixer(stdout, colorOn(stdout))
	lines := map[string]*output.SessionLines{}
	write := func(id string, evs []reconcile.Event, m *reconcile.Model) error {
		if lines[id] == nil {
			lines[id] = output.NewSessionLines(p.Writer(id))
		}
		return lines[id].WriteEvents(evs, m)
	}
	return write, p.Close
}

// colorOn: labels are coloured on a terminal, unless NO_COLOR or TERM=dumb.
func colorOn(stdout io.Writer) bool {
	if _, ok := os.LookupEnv("NO_COLOR"); ok || os.Getenv("TERM") == "dumb" {
		return false
	}
	return isTerminal(stdout)
}
