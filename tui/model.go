package tui

import (
	"time"

	"charm.land/bubbles/v2/help"
	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/client"
	"github.com/dstail/dstail/reconcile"
)

// FrameRate is the most times a second the conversation is re-laid out
// while messages stream in.
const FrameRate = 30

// maxStreamItems bounds the memory of a Durable Streams view.
const maxStreamItems = 50_000

// Options configure a Model.
type Options struct {
	Server    string           // shown in the header
	Dark      bool             // initial background guess; updated from the terminal
	AltScreen bool             // take over the whole screen
	Now       func() time.Time // clock for countdowns; time.Now when nil
}

// Model is the root Bubble Tea model. Create it with New.
type Model struct {
	opts   Options
	styles Styles
	gen    int // bumped when styles change, part of every cache key
	keys   KeyMap
	help   help.Model

	width, height int

	state    reconcile.State
	hasState bool
	seq      int64
	hasSeq   bool
	conn     client.State
	connAt   time.Time // when conn arrived, for the retry countdown
	stream   []*item
	streamN  int // stream messages seen, for keys

	lay         layout
	usageNow    usage // header totals as of the last layout
	dirty       bool  // state changed since the last layout
	tickArmed   bool
	wrap        bool
	toolsOpen   bool             // default for tool outputs ('e')
	open        map[itemKey]bool // per-item overrides of the default
	follow      bool
	top         int     // first visible conversation line
	cursor      itemKey // key of the selected item
	seenAtPause int     // items when follow was paused
}

// New returns a model that follows the newest output.
func New(opts Options) *Model {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	h := help.New()
	h.Styles = help.DefaultStyles(opts.Dark)
	return &Model{
		opts: opts, styles: DefaultStyles(opts.Dark), keys: DefaultKeyMap(), help: h,
		wrap: true, follow: true, open: map[itemKey]bool{}, width: 80, height: 24,
	}
}

// Init asks the terminal for its background colour.
func (m *Model) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update applies a message. Data messages change the model at once; the
// layout follows on the next frame tick so bursts cost one layout.
func (m *Model) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case SessionMsg:
		m.state, m.hasState = msg.State, true
		if msg.HasSeq {
			m.seq, m.hasSeq = msg.LastSeq, true
		}
		return m, m.markDirty()
	case StreamMsg:
		m.addBatch(msg.Batch)
		return m, m.markDirty()
	case ConnMsg:
		m.conn, m.connAt = msg.State, m.opts.Now()
		return m, m.armTick()
	case frameTickMsg:
		m.tickArmed = false
		if m.dirty {
			m.relayout()
		}
		if m.animating() {
			return m, m.armTick()
		}
		return m, nil
	case tea.WindowSizeMsg:
		m.width, m.height = max(0, msg.Width), max(0, msg.Height)
		m.help.SetWidth(m.width)
		m.relayout()
		return m, nil
	case tea.BackgroundColorMsg:
		dark := msg.IsDark()
		m.styles, m.gen = DefaultStyles(dark), m.gen+1
		m.help.Styles = help.DefaultStyles(dark)
		m.lay.invalidate(0)
		m.relayout()
		return m, nil
	case tea.KeyPressMsg:
		return m, m.handleKey(msg)
	}
	return m, nil
}

func (m *Model) markDirty() tea.Cmd {
	m.dirty = true
	return m.armTick()
}

// armTick schedules the next frame unless one is already pending.
func (m *Model) armTick() tea.Cmd {
	if m.tickArmed {
		return nil
	}
	m.tickArmed = true
	return tea.Tick(time.Second/FrameRate, func(time.Time) tea.Msg { return frameTickMsg{} })
}

// animating reports whether something on screen moves by itself: the busy
// spinner or a retry countdown.
func (m *Model) animating() bool {
	return m.state.Status.Busy() || m.conn.Phase == client.PhaseRetrying
}

func (m *Model) addBatch(b *client.Batch) {
	if b == nil {
		return
	}
	add := make([]*item, 0, len(b.Messages))
	for _, msg := range b.Messages {
		m.streamN++
		add = append(add, &item{key: streamKey(m.streamN), kind: kindStream,
			data: streamEntry{Kind: b.Kind, Data: string(msg.Data)}})
	}
	m.stream = append(m.stream, add...)
	if over := len(m.stream) - maxStreamItems; over > 0 {
		m.stream = append([]*item(nil), m.stream[over:]...)
	}
}

// relayout rebuilds the item list from the latest data and re-measures
// what changed, then keeps the view pinned to the end when following.
func (m *Model) relayout() {
	m.dirty = false
	m.usageNow = sessionUsage(m.state)
	next := m.lay.spare[:0]
	next = sessionItems(m.state.Messages, next, &m.lay)
	next = append(next, m.stream...)
	m.lay.replace(next)
	m.lay.measure(m.lines)
	if m.follow {
		m.toBottom()
	}
	m.clampScroll()
}

// lines returns an item's rendered lines, from cache when still valid.
func (m *Model) lines(it *item) []string {
	k := cacheKey{fp: it.fp, width: m.contentWidth(), expanded: m.expanded(it), wrap: m.wrap, styleGen: m.gen}
	if it.lines == nil || it.cached != k {
		it.lines = it.render(&m.styles, renderOpts{Width: k.width, Expanded: k.expanded, Wrap: k.wrap})
		if it.lines == nil {
			it.lines = []string{}
		}
		it.cached = k
	}
	return it.lines
}

func (m *Model) expanded(it *item) bool {
	if v, ok := m.open[it.key]; ok {
		return v
	}
	return it.kind == kindPart && it.part.Type == "tool" && m.toolsOpen
}
