package main

import (
	"bytes"
	"io"

	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/reconcile"
)

// sessionsWriter writes the records of several sessions: JSON lines as for
// one session (each names its session), or readable lines shaped by the
// line flags behind a label per session. Unless labelled, the first
// session's lines go out bare, exactly as when it is followed alone, until
// a second session (a child) prints: from then on every line is labelled.
func sessionsWriter(o *options, labelled bool, stdout io.Writer) (func(string, []reconcile.Event, *reconcile.Model) error, func() error) {
	if o.json {
		w := output.NewSessionJSON(stdout)
		return func(_ string, evs []reconcile.Event, _ *reconcile.Model) error { return w.WriteEvents(evs) },
			func() error { return nil }
	}
	p := output.NewPrefixer(stdout, o.colorOn(isTerminal(stdout)))
	lineOpts := o.lineOptions(stdout)
	lines := map[string]*output.SessionLines{}
	var bare *bareWriter // the first session's writer while it prints alone
	write := func(id string, evs []reconcile.Event, m *reconcile.Model) error {
		if lines[id] == nil {
			var w io.Writer = p.Writer(id)
			switch {
			case !labelled && len(lines) == 0:
				bare = &bareWriter{w: stdout, labelled: w}
				w = bare
			case bare != nil:
				if err := bare.label(); err != nil {
					return err
				}
			}
			lines[id] = output.NewSessionLinesWith(w, lineOpts)
		}
		return lines[id].WriteEvents(evs, m)
	}
	return write, p.Close
}

// bareWriter writes one session's lines without a label until label is
// called, then through its labelled writer.
type bareWriter struct {
	w        io.Writer
	labelled io.Writer
	on       bool
	open     bool // the last bare line is not ended yet
}

func (b *bareWriter) Write(p []byte) (int, error) {
	if b.on {
		return b.labelled.Write(p)
	}
	if len(p) > 0 {
		b.open = !bytes.HasSuffix(p, []byte("\n"))
	}
	return b.w.Write(p)
}

// label switches to labelled lines; a line left open is ended first, as
// the prefixer does when another session writes.
func (b *bareWriter) label() error {
	if b.on {
		return nil
	}
	b.on = true
	if b.open {
		_, err := b.w.Write([]byte("\n"))
		return err
	}
	return nil
}
