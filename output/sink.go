package output

import (
	"bytes"
	"io"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/ndjson"
	"github.com/dstail/dstail/reconcile"
)

// SinkOptions shape a Sink; the same options serve every source, so a live
// run and a replay of its capture print the same lines.
type SinkOptions struct {
	JSON  bool        // NDJSON records instead of readable lines
	Lines LineOptions // filters, time stamps and colour of readable lines
	// Labelled puts every session's label before its lines from the start
	// (several targets, --all); otherwise the first session's lines go out
	// bare, as when it is followed alone, until a second session prints.
	Labelled bool
}

// Sink writes what sources deliver to one writer: Durable Streams batches
// and OpenCode session events, as NDJSON or as readable lines. Every call
// flushes, so the caller may commit a position as soon as it returns.
type Sink struct {
	w        io.Writer
	o        SinkOptions
	streams  map[string]*StreamWriter
	json     *ndjson.SessionWriter
	prefixer *Prefixer
	sessions map[string]*SessionLines
	bare     *bareWriter // the first session's writer while it prints alone
}

// NewSink writes to w.
func NewSink(w io.Writer, o SinkOptions) *Sink {
	s := &Sink{w: w, o: o, streams: map[string]*StreamWriter{}, sessions: map[string]*SessionLines{}}
	if o.JSON {
		s.json = ndjson.NewSessionWriter(w)
	} else {
		s.prefixer = NewPrefixer(w, o.Lines.Color)
	}
	return s
}

// Stream writes one batch of the stream named name (a URL without
// credentials, as records carry it).
func (s *Sink) Stream(name string, b *feed.Batch) error {
	sw := s.streams[name]
	if sw == nil {
		sw = NewStreamWriter(s.w, name, s.o.JSON)
		if !s.o.JSON {
			sw = sw.WithLineOptions(s.o.Lines)
		}
		s.streams[name] = sw
	}
	return sw.WriteBatch(b)
}

// Session writes what changed in one session, with its model after it.
func (s *Sink) Session(id string, evs []reconcile.Event, m *reconcile.Model) error {
	if s.json != nil {
		return s.json.WriteEvents(evs)
	}
	lines := s.sessions[id]
	if lines == nil {
		var w io.Writer = s.prefixer.Writer(id)
		switch {
		case !s.o.Labelled && len(s.sessions) == 0:
			s.bare = &bareWriter{w: s.w, labelled: w}
			w = s.bare
		case s.bare != nil:
			if err := s.bare.label(); err != nil {
				return err
			}
		}
		lines = NewSessionLinesWith(w, s.o.Lines)
		s.sessions[id] = lines
	}
	return lines.WriteEvents(evs, m)
}

// Close ends a line left open, so the output ends with a newline.
func (s *Sink) Close() error {
	if s.prefixer == nil {
		return nil
	}
	return s.prefixer.Close()
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
