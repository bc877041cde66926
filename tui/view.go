package tui

import (
	"fmt"
	"strings"

	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
)

// MinWidth and MinHeight are the smallest screen the view is laid out for;
// below it shows a notice instead.
const (
	MinWidth  = 40
	MinHeight = 10
)

// chrome is how many lines the header, connection line and help take at
// the current height; the conversation gets the rest.
func (m *pane) chrome() (header, conn, helpLines int) {
	header, conn, helpLines = 2, 1, 1
	if m.help.ShowAll && !m.search.typing && m.search.query == "" {
		helpLines = lipgloss.Height(m.help.FullHelpView(m.keys.FullHelp()))
	}
	if m.height-(header+conn+helpLines) < 3 {
		helpLines = min(helpLines, 1)
	}
	return header, conn, helpLines
}

func (m *pane) bodyHeight() int {
	if m.opts.Inline {
		return max(1, m.height-3-len(m.panel()))
	}
	h, c, hl := m.chrome()
	return max(0, m.height-h-c-hl-len(m.panel()))
}

func (m *pane) tooSmall() bool { return m.width < MinWidth || m.height < MinHeight }

// View draws the screen from the current layout: only the visible lines
// of the conversation are touched.
func (m *pane) View() tea.View {
	var out []string
	switch {
	case m.tooSmall():
		out = m.tooSmallLines()
	case m.opts.Inline:
		out = m.inlineLines()
	default:
		out = m.screenLines() // finished as they are put together
	}
	if m.tooSmall() || m.opts.Inline {
		for i := range out {
			out[i] = m.finish(out[i])
		}
	}
	if len(out) > m.height {
		out = out[:m.height]
	}
	v := tea.NewView(m.joinScreen(out))
	v.AltScreen = m.opts.AltScreen
	if m.opts.Mouse && m.opts.AltScreen {
		v.MouseMode = tea.MouseModeCellMotion
	}
	v.WindowTitle = m.content.windowTitle()
	return v
}

// screenLines is the whole screen, each line finished (cut to the width).
func (m *pane) screenLines() []string {
	headerN, connN, helpN := m.chrome()
	out := make([]string, 0, m.height)
	finish := func(lines ...string) {
		for _, l := range lines {
			out = append(out, m.finishChrome(l))
		}
	}
	finish(m.content.headerLines()[:headerN]...)
	out = append(out, m.bodyLines()...)
	finish(m.panel()...)
	if connN > 0 {
		finish(m.connLine())
	}
	finish(m.bottomLines(helpN)...)
	return out
}

// bottomLines is the search prompt or status, else the help with a
// toggle's notice at its right.
func (m *pane) bottomLines(n int) []string {
	var out []string
	switch {
	case n == 0:
		return nil
	case m.search.typing || m.search.query != "":
		return []string{m.searchLine()}
	case m.help.ShowAll && n > 1:
		out = strings.Split(m.help.FullHelpView(m.keys.FullHelp()), "\n")
	default:
		out = []string{m.shortHelp()}
	}
	if text := m.noticeText(); text != "" {
		last := len(out) - 1
		out[last] = joinLR(out[last], m.styles.Badge.Render(" "+text+" "), m.width)
	}
	return out
}

// tooSmallLines says what size is needed, cut to whatever room there is.
func (m *pane) tooSmallLines() []string {
	msg := []string{"terminal too small", fmt.Sprintf("need %dx%d, have %dx%d", MinWidth, MinHeight, m.width, m.height), "q quits"}
	out := make([]string, 0, m.height)
	for i := 0; i < m.height && i < len(msg); i++ {
		out = append(out, oneLine(msg[i], m.width, m.styles.Warning))
	}
	return out
}

// bodyLines returns exactly bodyHeight finished lines of the conversation.
func (m *pane) bodyLines() []string {
	h := m.bodyHeight()
	out := make([]string, 0, h)
	if m.lay.len() == 0 || m.lay.total() == 0 {
		if h > 0 {
			out = append(out, m.finish(oneLine("waiting for messages…", m.width, m.styles.Meta)))
		}
	} else {
		cur := m.cursorIndex()
		gutter := m.gutterWidth()
		for i := m.lay.at(m.top); i < m.lay.len() && len(out) < h; i++ {
			it, cursor := m.lay.item(i), i == cur && gutter > 0
			lines := m.lines(it)
			from := max(0, m.top-m.lay.offsets[i])
			to := min(len(lines), from+h-len(out))
			shown := m.shownLines(it, lines, from, max(0, to-from), cursor)
			for j := from; j < to; j++ {
				note := m.note(it, j)
				if note != "" || m.search.query != "" {
					out = append(out, m.bodyLine(lines[j], cursor, note))
					continue
				}
				if shown[j-from] == "" {
					shown[j-from] = m.bodyLine(lines[j], cursor, "")
				}
				out = append(out, shown[j-from])
			}
		}
	}
	for len(out) < h {
		out = append(out, "")
	}
	return out
}
