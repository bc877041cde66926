package tui

import (
	"charm.land/bubbles/v2/key"
	tea "charm.land/bubbletea/v2"
)

// handleKey runs the action bound to a key press.
func (m *Model) handleKey(msg tea.KeyPressMsg) tea.Cmd {
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
		m.toBottom()
	case key.Matches(msg, k.Toggle):
		m.toggleCursor()
	case key.Matches(msg, k.ToggleTools):
		m.toggleTools()
	case key.Matches(msg, k.Wrap):
		m.wrap = !m.wrap
		m.remeasure(0)
	case key.Matches(msg, k.Help):
		m.help.ShowAll = !m.help.ShowAll
		m.remeasure(len(m.lay.items))
	}
	return nil
}

// toggleCursor expands or collapses the selected item.
func (m *Model) toggleCursor() {
	i := m.cursorIndex()
	if i < 0 || !m.lay.items[i].collapsible() {
		return
	}
	it := m.lay.items[i]
	m.open[it.key] = !m.expanded(it)
	m.remeasure(i)
	m.reveal(i, false)
	m.updateFollow()
}

// toggleTools flips the default for tool outputs and drops per-tool
// overrides, so 'e' really opens or closes all of them.
func (m *Model) toggleTools() {
	m.toolsOpen = !m.toolsOpen
	for _, it := range m.lay.items {
		if it.kind == kindPart && it.part.Type == "tool" {
			delete(m.open, it.key)
		}
	}
	m.remeasure(0)
}

// remeasure re-lays out from item i after a change of how items render.
func (m *Model) remeasure(i int) {
	m.lay.invalidate(i)
	m.lay.measure(m.lines)
	if m.follow {
		m.top = m.maxTop()
	}
	m.clampScroll()
}
