package tui

import (
	"os"
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"
	"github.com/dstail/dstail/feed"
)

// FrameRate is the most times a second the conversation is re-laid out
// while messages stream in.
const FrameRate = 30

// maxStreamItems bounds the memory of a Durable Streams view; the oldest
// tenth is dropped at once, so trimming is rare.
const maxStreamItems = 50_000

// Colour choices for Options.Color.
const (
	ColorAuto   = "auto"   // colour unless NO_COLOR is set
	ColorAlways = "always" // colour even with NO_COLOR
	ColorNever  = "never"  // no colour, only bold, italic and reverse
)

// Options configure a Model.
type Options struct {
	Server     string                     // shown in the header
	Dark       bool                       // initial background guess; updated from the terminal
	AltScreen  bool                       // take over the whole screen
	Inline     bool                       // no alternate screen: finished messages go to the scrollback
	Color      string                     // ColorAuto (""), ColorAlways or ColorNever
	Timestamps bool                       // show message times from the start ('t' toggles)
	TimeLayout string                     // time.Format layout of timestamps; time.TimeOnly when ""
	Mouse      bool                       // scroll with the mouse wheel (alt screen only)
	ShowPart   func(partType string) bool // which parts to show; all when nil
	Now        func() time.Time           // clock for countdowns; time.Now when nil
	// Back: esc with no search active ends the view, and WentBack says so
	// (the caller shows what came before it, such as a list of sessions).
	Back bool
}

// colorOn resolves Color: NO_COLOR (any value) turns colour off unless
// Color is ColorAlways.
func (o Options) colorOn() bool {
	switch o.Color {
	case ColorNever:
		return false
	case ColorAlways:
		return true
	}
	_, noColor := os.LookupEnv("NO_COLOR")
	return !noColor
}

// Model is the root Bubble Tea model. Create it with New.
type Model struct {
	opts   Options
	color  bool
	dark   bool
	styles Styles
	md     *markdown
	gen    int // bumped when styles change, part of every cache key
	keys   KeyMap
	help   help.Model
	search search

	width, height int

	convo    *convo
	hasState bool
	seq      int64
	hasSeq   bool
	conn     feed.State
	connAt   time.Time // when conn arrived, for the retry countdown
	gaps     gapClock

	stream      []*item
	streamN     int  // stream messages seen, for keys
	streamLaid  int  // stream items already in the layout
	streamReset bool // the front of stream was dropped
	sessionLen  int  // layout items that belong to the session
	tail        []*item

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

	printedMsgs   int // inline: session messages already in the scrollback
	printedStream int // inline: stream items already in the scrollback
}

// New returns a model that follows the newest output.
func New(opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	if opts.TimeLayout == "" {
		opts.TimeLayout = time.TimeOnly
	}
	if opts.Inline {
		opts.AltScreen = false
	}
	m := &Model{
		opts: opts, color: opts.colorOn(), keys: DefaultKeyMap(), help: help.New(), search: newSearch(),
		convo: newConvo(opts.ShowPart), wrap: true, timestamps: opts.Timestamps, follow: true, open: map[itemKey]bool{},
		width: 80, height: 24, ticks: &frameClock{},
	}
	m.keys.Back.SetEnabled(opts.Back)
	m.setTheme(opts.Dark)
	return m
}

// setTheme picks styles for a dark or light background.
func (m *Model) setTheme(dark bool) {
	m.dark = dark
	m.styles = NewStyles(dark, m.color)
	m.md = newMarkdown(dark, m.color)
	m.help.Styles = helpStyles(dark, m.color)
	m.search.setStyles(&m.styles, dark, m.color)
	m.gen++
}

// Init asks the terminal for its background colour.
func (m *Model) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update applies a message. Data messages change the model at once; the
// layout follows on the next frame tick so bursts cost one layout.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case SessionMsg:
		m.convo.apply(msg)
		m.hasState = true
		if msg.HasSeq {
			m.seq, m.hasSeq = msg.LastSeq, true
		}
		return m, m.markDirty()
	case StreamMsg:
		m.addBatch(msg.Batch)
		return m, m.markDirty()
	case ConnMsg:
		m.conn, m.connAt = msg.State, m.opts.Now()
		m.gaps.observe(msg.State, m.connAt)
		return m, m.armTick()
	case frameTickMsg:
		m.ticks.armed = false
		var print tea.Cmd
		if m.dirty {
			m.relayout()
			print = m.flushInline()
		}
		if m.animating() {
			return m, sequence(print, m.armTick())
		}
		return m, print
	case tea.WindowSizeMsg:
		m.resize(msg.Width, msg.Height)
		return m, nil
	case tea.BackgroundColorMsg:
		m.setTheme(msg.IsDark())
		m.remeasure(0)
		return m, nil
	case tea.MouseWheelMsg:
		m.wheel(msg)
		return m, nil
	case tea.KeyPressMsg:
		if m.search.typing {
			return m, m.searchKey(msg)
		}
		return m, m.handleKey(msg)
	}
	return m, nil
}

// sequence runs print before the next frame, so scrollback lines stay in order.
func sequence(print, next tea.Cmd) tea.Cmd {
	if print == nil {
		return next
	}
	return tea.Sequence(print, next)
}

func (m *Model) markDirty() tea.Cmd {
	m.dirty = true
	return m.armTick()
}

// frameClock is whether a frame tick is pending. The sessions of a Tabs
// view share one, so several streaming sessions still cost one frame.
type frameClock struct{ armed bool }

// WentBack reports whether the view ended because esc asked to go back.
func (m *Model) WentBack() bool { return m.back }

// armTick schedules the next frame unless one is already pending.
func (m *Model) armTick() tea.Cmd {
	if m.ticks.armed {
		return nil
	}
	m.ticks.armed = true
	return tea.Tick(time.Second/FrameRate, func(time.Time) tea.Msg { return frameTickMsg{} })
}

// animating reports whether something on screen moves by itself: the busy
// spinner or a retry countdown.
func (m *Model) animating() bool {
	return m.convo.head.Status.Busy() || m.conn.Phase == feed.PhaseRetrying
}

func (m *Model) addBatch(b *feed.Batch) {
	if b == nil {
		return
	}
	now := m.opts.Now()
	for _, msg := range b.Messages {
		m.streamN++
		m.stream = append(m.stream, &item{key: streamKey(m.streamN), kind: kindStream,
			data: streamEntry{Kind: b.Kind, Data: string(msg.Data), At: now}})
	}
	if len(m.stream) > maxStreamItems {
		drop := len(m.stream) - maxStreamItems + maxStreamItems/10
		m.stream = append([]*item(nil), m.stream[drop:]...)
		m.streamReset = true
		m.printedStream = max(0, m.printedStream-drop)
	}
}

// resize re-flows the conversation, keeping the line at the top in place.
func (m *Model) resize(w, h int) {
	m.width, m.height = max(0, w), max(0, h)
	m.help.SetWidth(m.width)
	m.search.input.SetWidth(max(1, m.width-4))
	m.remeasure(0)
}
