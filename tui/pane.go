package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
)

// pane is what every view shares: a scrolling list of items under a
// header, with the connection line, search and help below, the keys that
// move through it, and inline printing. What the items are, and what the
// header says, comes from its content: a session or a Durable Stream.
type pane struct {
	opts    Options
	content content
	color   bool
	dark    bool
	styles  Styles
	md      *markdown
	gen     int // bumped when styles change, part of every cache key
	keys    KeyMap
	help    help.Model
	search  search

	width, height int

	conn   feed.State
	connAt time.Time // when conn arrived, for the retry countdown
	gaps   gapClock

	lay         layout
	dirty       bool        // data changed since the last layout
	ticks       *frameClock // shared by the tabs of a Tabs view
	back        bool        // esc asked to go back (Options.Back)
	wrap        bool
	timestamps  bool
	toolsOpen   bool             // default for tool outputs ('e')
	open        map[itemKey]bool // per-item overrides of the default
	follow      bool
	top         int     // first visible conversation line
	cursor      itemKey // key of the selected item
	seenAtPause int     // items when follow was paused
	notice      notice  // what the last toggle changed, on the help line for a while

	viewMemo viewMemo // what the last frames drew (view_memo.go)
}

// content is what a pane shows.
type content interface {
	relayout()             // brings the layout up to date with the data
	takeFinished() []*item // inline: items done changing since the last call, to print
	liveStart() int        // inline: the first layout item not printed yet
	animating() bool       // something on screen moves by itself
	headerLines() []string // the two header lines
	windowTitle() string
	position() string // where reading resumes when the transport has no offset
}

// init sets a pane up, following the newest output of c.
func (m *pane) init(opts Options, c content) {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TimeLayout == "" {
		opts.TimeLayout = time.TimeOnly
	}
	if opts.Inline {
		opts.AltScreen = false
	}
	*m = pane{opts: opts, content: c, color: opts.Color, keys: DefaultKeyMap(), help: help.New(), search: newSearch(),
		wrap: true, timestamps: opts.Timestamps, follow: true, open: map[itemKey]bool{},
		width: 80, height: 24, ticks: &frameClock{}}
	m.keys.Back.SetEnabled(opts.Back)
	m.keys.Retry.SetEnabled(opts.RetryNow != nil)
	m.setTheme(opts.Dark)
}

// setTheme picks styles for a dark or light background.
func (m *pane) setTheme(dark bool) {
	m.dark = dark
	m.styles = NewStyles(dark, m.color)
	m.md = newMarkdown(dark, m.color)
	m.help.Styles = helpStyles(dark, m.color)
	m.search.setStyles(&m.styles, dark, m.color)
	m.gen++
}

// Init asks the terminal for its background colour.
func (m *pane) Init() tea.Cmd { return tea.RequestBackgroundColor }

// update applies what every view takes the same way: connection changes,
// frames, the screen, the mouse and keys. Data messages change the content
// at once; the layout follows on the next frame tick so bursts cost one
// layout.
func (m *pane) update(msg tea.Msg) tea.Cmd {
	switch msg := msg.(type) {
	case ConnMsg:
		m.conn, m.connAt = msg.State, m.opts.Now()
		m.gaps.observe(msg.State, m.connAt)
		return m.armTick()
	case frameTickMsg:
		m.ticks.armed = false
		if m.dirty {
			m.content.relayout()
		}
		print := m.flushInline()
		if m.content.animating() {
			return sequence(print, m.armTick())
		}
		return print
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
	case tea.BackgroundColorMsg:
		m.setTheme(msg.IsDark())
		m.remeasure(0)
	case tea.MouseWheelMsg:
		m.wheel(msg)
	case tea.KeyPressMsg:
		if m.search.typing {
			return m.searchKey(msg)
		}
		return m.handleKey(msg)
	}
	return nil
}

// sequence runs print before the next frame, so scrollback lines stay in order.
func sequence(print, next tea.Cmd) tea.Cmd {
	if print == nil {
		return next
	}
	return tea.Sequence(print, next)
}

func (m *pane) markDirty() tea.Cmd {
	m.dirty = true
	return m.armTick()
}

// frameClock is whether a frame tick is pending. The sessions of a Tabs
// view share one, so several streaming sessions still cost one frame.
type frameClock struct{ armed bool }

// WentBack reports whether the view ended because esc asked to go back.
func (m *pane) WentBack() bool { return m.back }

// armTick schedules the next frame unless one is already pending.
func (m *pane) armTick() tea.Cmd {
	if m.ticks.armed {
		return nil
	}
	m.ticks.armed = true
	return tea.Tick(time.Second/FrameRate, func(time.Time) tea.Msg { return frameTickMsg{} })
}

// retrying: the connection line counts down to the next attempt.
func (m *pane) retrying() bool { return m.conn.Phase == feed.PhaseRetrying }

// settle measures the layout after its items changed and places the view.
func (m *pane) settle(a viewAnchor) {
	m.lay.measure(m.measureLines)
	m.place(a)
}

// resize re-flows the conversation, keeping the line at the top in place.
func (m *pane) resize(w, h int) {
	m.width, m.height = max(0, w), max(0, h)
	m.help.SetWidth(m.width)
	m.search.input.SetWidth(max(1, m.width-4))
	m.remeasure(0)
}
