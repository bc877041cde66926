package tui

import (
	"fmt"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
)

// maxStreamItems bounds the memory of a Durable Streams view; the oldest
// tenth is dropped at once, so trimming is rare.
const maxStreamItems = 50_000

// Stream is the view of one Durable Stream: its messages in order, JSON
// compacted onto a line (enter indents it), with the header, connection
// line, search, help and keys of the session view. Feed it StreamMsg and
// ConnMsg.
type Stream struct {
	pane
	items   []*item
	n       int  // messages seen, for keys and the header
	laid    int  // items already in the layout
	reset   bool // the front of items was dropped
	printed int  // inline: items already in the scrollback
}

// NewStream returns a view of a Durable Stream that follows the newest
// messages.
func NewStream(opts Options) *Stream {
	s := &Stream{}
	s.init(opts, s)
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

func (s *Stream) add(b *feed.Batch) {
	if b == nil {
		return
	}
	now := s.opts.Now()
	for _, msg := range b.Messages {
		s.n++
		s.items = append(s.items, &item{key: streamKey(s.n), kind: kindStream,
			data: streamEntry{Kind: b.Kind, Data: string(msg.Data), At: now}})
	}
	if len(s.items) > maxStreamItems {
		drop := len(s.items) - maxStreamItems + maxStreamItems/10
		s.items = append([]*item(nil), s.items[drop:]...)
		s.reset = true
		s.printed = max(0, s.printed-drop)
	}
}

// relayout appends the new messages to the layout, or lays out all of
// them again after the oldest were dropped.
func (s *Stream) relayout() {
	s.dirty = false
	anchor := s.anchor()
	switch {
	case s.reset:
		s.lay.splice(0, s.items)
	case s.laid < len(s.items):
		s.lay.splice(len(s.lay.items), s.items[s.laid:])
	}
	s.reset, s.laid = false, len(s.items)
	s.settle(anchor)
}

// headerLines: a stream has no agent, tokens or cost; the second line
// counts its messages.
func (s *Stream) headerLines() []string {
	st := &s.styles
	return []string{joinLR(s.origin(), st.HeaderDim.Render("stream"), s.width),
		oneLine(fmt.Sprintf("%d messages", s.n), s.width, st.HeaderDim)}
}

// takeFinished: a stream message never changes, so every new one is done.
func (s *Stream) takeFinished() []*item {
	out := s.items[s.printed:]
	s.printed = len(s.items)
	return out
}

func (s *Stream) liveStart() int      { return min(len(s.lay.items), s.printed) }
func (s *Stream) animating() bool     { return s.retrying() }
func (s *Stream) windowTitle() string { return "dstail" }
func (s *Stream) position() string    { return "" }
