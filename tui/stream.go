package tui

import (
	"fmt"
	"strings"
	"time"

	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/sanitize"
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
	// open is the current line of a text stream, still growing as chunks
	// arrive; nil when the last line ended. changed is the first item
	// that grew since the last layout (len(items) when none).
	open    *item
	changed int
	// offset is where the last batch left the stream: the connection line
	// shows it, since the transport reports an offset only when its phase
	// changes.
	offset string
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
	if b.After.Offset != "" {
		s.offset = b.After.Offset
	}
	now := s.opts.Now()
	for _, msg := range b.Messages {
		if b.Kind == feed.KindText {
			s.addText(string(msg.Data), now)
			continue
		}
		s.addEntry(streamEntry{Kind: b.Kind, Data: string(msg.Data), At: now})
	}
	if b.Closed {
		s.open = nil // no more text can follow: the last line is done
	}
	if len(s.items) > maxStreamItems {
		drop := len(s.items) - maxStreamItems + maxStreamItems/10
		s.items = append([]*item(nil), s.items[drop:]...)
		s.reset = true
		s.printed = max(0, s.printed-drop)
	}
}

func (s *Stream) addEntry(e streamEntry) *item {
	s.n++
	it := &item{key: streamKey(s.n), kind: kindStream, data: e}
	s.items = append(s.items, it)
	return it
}

// addText joins a chunk of a text stream into lines: its start continues
// the current line, each newline ends one, and what follows the last
// newline is the new current line, shown as it grows.
func (s *Stream) addText(chunk string, at time.Time) {
	for chunk != "" {
		line, rest, ended := strings.Cut(chunk, "\n")
		if ended {
			line = strings.TrimSuffix(line, "\r")
		}
		if s.open != nil {
			s.open.data.Data += line
			s.open.fp++ // shown differently: render it again
			s.changed = min(s.changed, len(s.items)-1)
		} else {
			s.open = s.addEntry(streamEntry{Kind: feed.KindText, Data: line, At: at})
		}
		if ended {
			s.open = nil
		}
		chunk = rest
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
	case s.changed < s.laid:
		s.lay.splice(s.changed, s.items[s.changed:])
	case s.laid < len(s.items):
		s.lay.splice(len(s.lay.items), s.items[s.laid:])
	}
	s.reset, s.laid, s.changed = false, len(s.items), len(s.items)
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
	done := len(s.items)
	if s.open != nil {
		done--
	}
	out := s.items[s.printed:max(done, s.printed)]
	s.printed = max(done, s.printed)
	return out
}

func (s *Stream) liveStart() int      { return min(len(s.lay.items), s.printed) }
func (s *Stream) animating() bool     { return s.retrying() }
func (s *Stream) windowTitle() string { return "dstail" }
func (s *Stream) position() string {
	if s.offset == "" {
		return ""
	}
	return "offset " + sanitize.ShortForm(s.offset)
}
