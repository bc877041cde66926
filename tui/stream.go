package tui

import (
	"bytes"
	"fmt"
	"math"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/sanitize"
)

// The budget of a Durable Streams view: past either bound the oldest tenth
// is dropped at once, so trimming is rare.
const (
	maxStreamItems = 50_000
	maxStreamBytes = 24 << 20
)

// Stream is the view of one Durable Stream: its messages in order, JSON
// compacted onto a line (enter indents it), with the header, connection
// line, search, help and keys of the session view. Feed it StreamMsg and
// ConnMsg.
//
// A stream can be long, so its view is virtual: it keeps the messages
// compactly (streamStore) and makes items only of the rows on screen or
// near it (rowCache). A row never rendered at this width counts with an
// estimated height (see height).
type Stream struct {
	pane
	store streamStore
	n     int // messages seen, for keys and the header
	// The layout's rows, as of the last relayout: the rows are the
	// messages layFirst to layFirst+laid-1. Trimming waits for a relayout,
	// so the layout never refers to a message already dropped.
	layFirst, laid int
	printed        int // inline: the last message in the scrollback
	// growing: the last message is the current line of a text stream,
	// still growing as chunks arrive. changed is the first message that
	// grew since the last layout (math.MaxInt when none).
	growing bool
	changed int
	rows    rowCache
	sieve   rowSearch // mayMatch's scratch
	// offset is where the last batch left the stream: the connection line
	// shows it, since the transport reports an offset only when its phase
	// changes.
	offset string
}

// NewStream returns a view of a Durable Stream that follows the newest
// messages.
func NewStream(opts Options) *Stream {
	s := &Stream{store: streamStore{first: 1}, layFirst: 1, changed: math.MaxInt}
	s.init(opts, s)
	s.lay.rows = s
	return s
}

// Update applies a message: stream batches here, the rest as every view.
func (s *Stream) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if msg, ok := msg.(StreamMsg); ok {
		s.add(msg.Batch)
		return s, s.markDirty()
	}
	return s, s.update(msg)
}

// add keeps a batch's messages: O(batch), nothing rendered or copied.
func (s *Stream) add(b *feed.Batch) {
	if b == nil {
		return
	}
	if b.After.Offset != "" {
		s.offset = b.After.Offset
	}
	now := s.opts.Now()
	for _, msg := range b.Messages {
		if b.Kind == feed.KindText {
			s.addText(msg.Data, now)
			continue
		}
		s.store.push(msg.Data, b.Kind, now)
		s.n++
	}
	if b.Closed {
		s.growing = false // no more text can follow: the last line is done
	}
}

// addText joins a chunk of a text stream into lines: its start continues
// the current line, each newline ends one, and what follows the last
// newline is the new current line, shown as it grows.
func (s *Stream) addText(chunk []byte, at time.Time) {
	for len(chunk) > 0 {
		line, rest, ended := bytes.Cut(chunk, []byte("\n"))
		if ended {
			line = bytes.TrimSuffix(line, []byte("\r"))
		}
		if s.growing {
			s.store.grow(line)
			s.changed = min(s.changed, s.n)
			s.rows.drop(s.n) // shown differently: render it again
		} else {
			s.store.push(line, feed.KindText, at)
			s.n++
			s.growing = true
		}
		if ended {
			s.growing = false
		}
		chunk = rest
	}
}

// relayout takes the new messages into the layout. Only their heights are
// estimated; what comes on screen is rendered by place.
func (s *Stream) relayout() {
	s.dirty = false
	anchor := s.anchor()
	s.store.trim(maxStreamItems, maxStreamBytes)
	s.lay.dropFront(s.store.first - s.layFirst) // the rows kept keep their heights
	if s.changed < s.layFirst+s.laid {
		s.lay.invalidate(s.changed - s.store.first)
	}
	s.layFirst, s.laid = s.store.first, len(s.store.recs)
	s.changed = math.MaxInt
	s.settle(anchor)
}

// headerLines: a stream has no agent, tokens or cost; the second line
// counts its messages.
func (s *Stream) headerLines() []string {
	st := &s.styles
	return []string{joinLR(s.origin("", s.width-7), st.HeaderDim.Render("stream"), s.width),
		oneLine(fmt.Sprintf("%d messages", s.n), s.width, st.HeaderDim)}
}

// takeFinished: a stream message never changes, so every new one is done,
// but for the current line of a text stream.
func (s *Stream) takeFinished() []*item {
	done := s.n
	if s.growing {
		done--
	}
	var out []*item
	for seq := max(s.printed+1, s.store.first); seq <= done; seq++ {
		out = append(out, s.makeRow(seq))
	}
	s.printed = max(done, s.printed)
	return out
}

func (s *Stream) liveStart() int      { return min(s.laid, max(0, s.printed+1-s.layFirst)) }
func (s *Stream) animating() bool     { return s.retrying() }
func (s *Stream) windowTitle() string { return "dstail" }
func (s *Stream) position() string {
	if s.offset == "" {
		return ""
	}
	return "offset " + sanitize.ShortForm(s.offset)
}
