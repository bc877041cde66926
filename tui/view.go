package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// chrome is how many lines the header, connection line and help take at
// the current height; the conversation gets the rest. Small terminals lose
// the help first, then the second header line, then everything else.
func (m *Model) chrome() (header, conn, helpLines int) {
	header, conn, helpLines = 2, 1, 1
	if m.help.ShowAll {
		helpLines = lipgloss.Height(m.help.FullHelpView(m.keys.FullHelp()))
	}
	if m.height-(header+conn+helpLines) < 3 {
		helpLines = 0
	}
	if m.height-(header+conn) < 3 {
		header = 1
	}
	if m.height-(header+conn) < 1 {
		header = 0
	}
	if m.height-conn < 1 {
		conn = 0
	}
	return header, conn, helpLines
}

func (m *Model) bodyHeight() int {
	h, c, hl := m.chrome()
	return max(0, m.height-h-c-hl)
}

// View draws the screen from the current layout: only the visible lines
// of the conversation are touched.
func (m *Model) View() tea.View {
	headerN, connN, helpN := m.chrome()
	out := make([]string, 0, max(0, m.height))
	out = append(out, m.headerLines()[:headerN]...)
	out = append(out, m.bodyLines()...)
	if connN > 0 {
		out = append(out, m.connLine())
	}
	if helpN > 0 {
		if m.help.ShowAll {
			out = append(out, strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")...)
		} else {
			out = append(out, m.help.ShortHelpView(m.keys.ShortHelp()))
		}
	}
	for i := range out {
		out[i] = fit(out[i], m.width)
	}
	if len(out) > m.height {
		out = out[:m.height]
	}
	v := tea.NewView(strings.Join(out, "\n"))
	v.AltScreen = m.opts.AltScreen
	v.WindowTitle = "dstail"
	if s := m.state.Session; s != nil && s.Title != "" {
		v.WindowTitle = "dstail: " + cleanLine(s.Title)
	}
	return v
}

// bodyLines returns exactly bodyHeight lines of the conversation.
func (m *Model) bodyLines() []string {
	h := m.bodyHeight()
	out := make([]string, 0, h)
	if len(m.lay.items) == 0 || m.lay.total() == 0 {
		if h > 0 {
			out = append(out, oneLine("waiting for messages…", m.width, m.styles.Meta))
		}
	} else {
		cur := m.cursorIndex()
		gutter := m.gutterWidth()
		for i := m.lay.at(m.top); i < len(m.lay.items) && len(out) < h; i++ {
			mark := strings.Repeat(" ", gutter)
			if i == cur && gutter > 0 {
				mark = m.styles.Cursor.Render("▌") + " "
			}
			for j, l := range m.lines(m.lay.items[i]) {
				if n := m.lay.offsets[i] + j; n >= m.top && len(out) < h {
					out = append(out, mark+l)
				}
			}
		}
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}
