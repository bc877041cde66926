package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/feed"
)

// handleKey runs the action bound to a key press.
func (m *pane) handleKey(msg tea.KeyPressMsg) tea.Cmd {
	k := m.keys
	switch {
	case key.Matches(msg, k.Quit):
		return tea.Quit
	case key.Matches(msg, k.Down):
		m.down()
	case key.Matches(msg, k.Up):
		m.up()
	case key.Matches(msg, k.PageDown):
		m.scrollBy(max(1, m.bodyHeight()))
	case key.Matches(msg, k.PageUp):
		m.scrollBy(-max(1, m.bodyHeight()))
	case key.Matches(msg, k.Top):
		m.top = 0
		m.setCursor(0)
		m.updateFollow()
	case key.Matches(msg, k.Bottom):
		m.follow = true
	case key.Matches(msg, k.Toggle):
		m.toggleCursor()
	case key.Matches(msg, k.ToggleTools):
		m.toggleTools()
	case key.Matches(msg, k.Search):
		return m.startSearch()
	case key.Matches(msg, k.Next):
		m.nextMatch(1)
	case key.Matches(msg, k.Prev):
		m.nextMatch(-1)
	case key.Matches(msg, k.Clear):
		if m.opts.Back && m.search.query == "" {
			m.back = true
			return tea.Quit
		}
		m.search.clear()
	case key.Matches(msg, k.Wrap):
		m.wrap = !m.wrap
		m.remeasure(0)
	case key.Matches(msg, k.Timestamps):
		m.timestamps = !m.timestamps
		m.remeasure(0)
		m.remeasure(len(m.lay.items))
		return m.say("timestamps " + onOff(m.timestamps))
	case key.Matches(msg, k.Retry):
		if m.conn.Phase == feed.PhaseRetrying {
			m.opts.RetryNow()
		}
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
	}
	m.remeasure(m.lay.len()) // places the view and renders what came into it
	return nil
}

// wheel scrolls three lines per notch, like most terminals.
func (m *pane) wheel(msg tea.MouseWheelMsg) {
	switch msg.Button {
	case tea.MouseWheelUp:
		m.scrollBy(-3)
	case tea.MouseWheelDown:
		m.scrollBy(3)
	default:
		return
	}
	m.remeasure(m.lay.len()) // places the view and renders what came into it
}

// toggleCursor expands or collapses the selected item.
func (m *pane) toggleCursor() {
	i := m.cursorIndex()
	if i < 0 || !m.lay.item(i).collapsible() {
		return
	}
	it := m.lay.item(i)
	m.open[it.key] = !m.expanded(it)
	m.remeasure(i)
	m.reveal(i, false)
	m.updateFollow()
}

// toggleTools flips the default for tool outputs and drops per-tool
// overrides, so 'e' really opens or closes all of them.
func (m *pane) toggleTools() {
	m.toolsOpen = !m.toolsOpen
	for k := range m.open {
		if k.kind == kindPart {
			if i, ok := m.lay.index(k); ok && m.lay.item(i).part.Type == "tool" {
				delete(m.open, k)
			}
		}
	}
	m.remeasure(0)
}
