package tui

import (
	"strconv"
	"time"

	tea "charm.land/bubbletea/v2"
)

// FrameRate is the most times a second the conversation is re-laid out
// while messages stream in.
const FrameRate = 30

// Options configure a view.
type Options struct {
	Server     string                     // shown in the header
	Dark       bool                       // initial background guess; updated from the terminal
	AltScreen  bool                       // take over the whole screen
	Inline     bool                       // no alternate screen: finished messages go to the scrollback
	Color      bool                       // colour, else only bold, italic and reverse; the caller decides, the view reads no environment
	Timestamps bool                       // show message times from the start ('t' toggles)
	TimeLayout string                     // time.Format layout of timestamps; time.TimeOnly when ""
	Mouse      bool                       // scroll with the mouse wheel (alt screen only)
	ShowPart   func(partType string) bool // which parts to show; all when nil
	Now        func() time.Time           // clock for countdowns; time.Now when nil
	// Back: esc with no search active ends the view, and WentBack says so
	// (the caller shows what came before it, such as a list of sessions).
	Back bool
	// RetryNow asks the source to end its wait and reconnect at once ('r'
	// while reconnecting). nil: no such key.
	RetryNow func()
	// ToolLines is how many lines of a finished tool's output show under
	// it before enter (output.DefaultToolLines when 0, none when negative).
	ToolLines int
	// Actions answer requests, interrupt and prompt; nil: no write path,
	// and ActionsOff says why (read-only, replay, a relayed stream).
	Actions    Actor
	ActionsOff string
}

// sessionView is the view of one OpenCode session: the component inside
// each tab of Tabs.
type sessionView struct {
	pane
	convo    *convo
	req      requests // pending requests and the actions on them (requests.go)
	hasState bool
	seq      int64
	hasSeq   bool
	tail     []*item // scratch for relayout

	printedMsgs int // inline: session messages already in the scrollback
}

// newSessionView returns a view of one session that follows the newest
// output.
func newSessionView(opts Options) *sessionView {
	m := &sessionView{}
	m.init(opts, m)
	m.convo = newConvo(opts.ShowPart)
	m.req = newRequests(opts)
	if opts.Actions != nil {
		m.keys.Extra = m.req.keys.help()
	}
	return m
}

// Update applies a message: session changes here, the rest as every view.
func (m *sessionView) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	if cmd, ok := m.requestMsg(msg); ok {
		return m, cmd
	}
	if msg, ok := msg.(SessionMsg); ok {
		if !msg.Seen.IsZero() {
			m.convo.seen = msg.Seen.UnixMilli()
		}
		m.convo.apply(msg)
		m.req.sync(&msg.State)
		m.hasState = true
		if msg.HasSeq {
			m.seq, m.hasSeq = msg.LastSeq, true
		}
		return m, m.markDirty()
	}
	return m, m.update(msg)
}

// animating reports whether something on screen moves by itself: the busy
// spinner or a retry countdown.
func (m *sessionView) animating() bool {
	return m.convo.head.Status.Busy() && !m.offline() || m.retrying()
}

func (m *sessionView) windowTitle() string {
	if s := m.convo.head.Session; s != nil && s.Title != "" {
		return "dstail: " + cleanLine(s.Title)
	}
	return "dstail"
}

func (m *sessionView) position() string {
	if m.hasSeq {
		return "seq " + strconv.FormatInt(m.seq, 10)
	}
	return ""
}
