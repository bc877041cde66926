package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// TabMsg carries a change of one of the sessions a Tabs view shows; a
// session not shown yet gets a tab of its own.
type TabMsg struct {
	Session string
	SessionMsg
}

// TabGoneMsg says a session is no longer followed (it was deleted on the
// server); its tab stays, marked, with what it showed.
type TabGoneMsg struct{ Session string }

// Tabs is the view of OpenCode sessions: one at a time, each in a full
// session view, under a bar of tabs with each session's status and a mark
// for events not seen yet. 1-9, tab and shift+tab switch. With a single
// session the bar is hidden: that is the view of one session, inline
// (Options.Inline) or on the whole screen.
//
// Only the shown session is laid out on a frame; the others take in their
// changes and are laid out when shown. The sessions share one frame clock,
// so any number of streaming sessions costs one frame per tick.
type Tabs struct {
	opts          Options
	ticks         *frameClock
	tabs          []*tab
	byID          map[string]*tab
	active        int
	blank         *sessionView // shown while there is no session yet
	width, height int
	dark          bool
	busy          map[*tab]bool // tabs whose bar mark moves

	// the last screen with the bar, kept while bar and session are the same
	lastBar, lastContent, lastScreen string
}

type tab struct {
	id     string
	m      *sessionView
	unread bool // events arrived while another tab was shown
	gone   bool
}

// NewTabs returns a view of the given sessions, in that order; more are
// added as their first TabMsg arrives. Inline mode is meant for one
// session: the scrollback holds what the shown tab printed.
func NewTabs(opts Options, sessions ...string) *Tabs {
	if opts.Now == nil {
		opts.Now = time.Now
	}
	t := &Tabs{opts: opts, ticks: &frameClock{}, byID: map[string]*tab{}, busy: map[*tab]bool{},
		width: 80, height: 24, dark: opts.Dark}
	t.blank = t.newModel()
	for _, id := range sessions {
		t.add(id)
	}
	return t
}

func (t *Tabs) newModel() *sessionView {
	o := t.opts
	o.Dark = t.dark
	m := newSessionView(o)
	m.ticks = t.ticks
	m.keys.Switch.SetEnabled(len(t.tabs) > 0)
	return m
}

// add makes a tab; the first one found after the screen was sized goes on
// screen at that size, the second one brings up the bar, which takes a
// line from the shown session.
func (t *Tabs) add(id string) *tab {
	tb := &tab{id: id, m: t.newModel()}
	tb.m.req.session = id
	t.tabs = append(t.tabs, tb)
	t.byID[id] = tb
	if len(t.tabs) == 2 {
		t.tabs[0].m.keys.Switch.SetEnabled(true)
	}
	t.sync(t.current()) // the first tab comes on screen, the second brings up the bar
	return tb
}

// current is the model on screen.
func (t *Tabs) current() *sessionView {
	if len(t.tabs) == 0 {
		return t.blank
	}
	return t.tabs[t.active].m
}

// Active is the session on screen, "" while there is none.
func (t *Tabs) Active() string {
	if len(t.tabs) == 0 {
		return ""
	}
	return t.tabs[t.active].id
}

// WentBack reports whether esc ended the view to go back (Options.Back).
func (t *Tabs) WentBack() bool { return t.current().WentBack() }

func (t *Tabs) barHeight() int {
	if len(t.tabs) > 1 {
		return 1
	}
	return 0
}

// sync gives a model the screen size and theme it missed while hidden and
// lays out what it took in meanwhile.
func (t *Tabs) sync(m *sessionView) {
	w, h := t.width, max(0, t.height-t.barHeight())
	if m.width != w || m.height != h {
		m.resize(w, h)
	}
	if m.dark != t.dark {
		m.setTheme(t.dark)
		m.remeasure(0)
	}
	if m.dirty {
		m.relayout()
	}
}

// Init asks the terminal for its background colour.
func (t *Tabs) Init() tea.Cmd { return tea.RequestBackgroundColor }

// Update routes a message: session changes to their tab (a plain
// SessionMsg to the first one), keys and frames to the session on screen,
// connection changes to every tab.
func (t *Tabs) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case TabMsg:
		return t, t.sessionChanged(msg)
	case SessionMsg:
		return t, t.sessionChanged(TabMsg{Session: t.firstID(msg), SessionMsg: msg})
	case actionDoneMsg: // to the tab that acted, shown or not
		if tb := t.byID[msg.session]; tb != nil {
			_, cmd := tb.m.Update(msg)
			return t, cmd
		}
	case TabGoneMsg:
		if tb := t.byID[msg.Session]; tb != nil {
			tb.gone = true
			delete(t.busy, tb)
		}
		return t, nil
	case ConnMsg:
		var cmds []tea.Cmd
		for _, m := range append([]*sessionView{t.blank}, t.models()...) {
			_, cmd := m.Update(msg)
			cmds = append(cmds, cmd)
		}
		return t, tea.Batch(cmds...)
	case frameTickMsg:
		_, cmd := t.current().Update(msg)
		if !t.ticks.armed && len(t.busy) > 0 && len(t.tabs) > 1 {
			cmd = sequence(cmd, t.current().armTick()) // the bar's spinners
		}
		return t, cmd
	case tea.WindowSizeMsg:
		t.width, t.height = max(0, msg.Width), max(0, msg.Height)
		t.sync(t.current())
		return t, nil
	case tea.BackgroundColorMsg:
		t.dark = msg.IsDark()
		t.sync(t.current())
		return t, nil
	case tea.KeyPressMsg:
		if !t.current().typing() {
			if i, ok := t.tabKey(msg); ok {
				t.show(i)
				return t, t.current().armTick()
			}
		}
	}
	_, cmd := t.current().Update(msg)
	return t, cmd
}

// firstID is the session of the first tab, or while there is none the
// session msg names.
func (t *Tabs) firstID(msg SessionMsg) string {
	switch {
	case len(t.tabs) > 0:
		return t.tabs[0].id
	case msg.State.Session != nil:
		return msg.State.Session.ID
	}
	return ""
}

func (t *Tabs) models() []*sessionView {
	out := make([]*sessionView, len(t.tabs))
	for i, tb := range t.tabs {
		out[i] = tb.m
	}
	return out
}

func (t *Tabs) sessionChanged(msg TabMsg) tea.Cmd {
	tb := t.byID[msg.Session]
	if tb == nil {
		tb = t.add(msg.Session)
	}
	_, cmd := tb.m.Update(msg.SessionMsg)
	if tb != t.tabs[t.active] && len(msg.Events) > 0 {
		tb.unread = true
	}
	if tb.m.convo.head.Status.Busy() && !tb.gone {
		t.busy[tb] = true
	} else {
		delete(t.busy, tb)
	}
	return cmd
}

// tabKey maps 1-9, tab and shift+tab to the tab they show.
func (t *Tabs) tabKey(msg tea.KeyPressMsg) (int, bool) {
	n := len(t.tabs)
	if n < 2 {
		return 0, false
	}
	switch s := msg.String(); s {
	case "tab":
		return (t.active + 1) % n, true
	case "shift+tab":
		return (t.active + n - 1) % n, true
	default:
		if len(s) == 1 && s[0] >= '1' && s[0] <= '9' {
			return int(s[0] - '1'), int(s[0]-'1') < n
		}
	}
	return 0, false
}

// show puts tab i on screen and marks it read.
func (t *Tabs) show(i int) {
	if i == t.active {
		return
	}
	t.active = i
	t.tabs[i].unread = false
	t.sync(t.tabs[i].m)
}

// View draws the bar above the session on screen.
func (t *Tabs) View() tea.View {
	v := t.current().View()
	if t.barHeight() > 0 && t.height > 0 {
		bar := t.bar()
		if bar != t.lastBar || v.Content != t.lastContent {
			t.lastBar, t.lastContent, t.lastScreen = bar, v.Content, bar+"\n"+v.Content
		}
		v.Content = t.lastScreen
	}
	return v
}
