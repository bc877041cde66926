package tui

import (
	"strings"

	"charm.land/bubbles/v2/textinput"
	tea "charm.land/bubbletea/v2"
	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"
)

// search is '/' search: a prompt while typing, then highlighted matches
// that n and N step through. Matching is case-insensitive over what is
// rendered, so it finds what the user sees.
type search struct {
	input  textinput.Model
	typing bool
	query  string // lower case; "" when no search is active
	at     match  // the match last jumped to
	index  int    // its position among total, from 1; 0 when none
	total  int
	style  lipgloss.Style
}

// match is a line holding the query: an item and a line within it.
type match struct{ item, line int }

func (a match) less(b match) bool { return a.item < b.item || a.item == b.item && a.line < b.line }

func newSearch() search {
	in := textinput.New()
	in.Prompt = "/"
	in.CharLimit = 200
	in.Placeholder = "search"
	return search{input: in}
}

// setStyles themes the prompt; without colour it keeps only reverse video
// for its cursor.
func (s *search) setStyles(st *Styles, dark, colour bool) {
	s.style = st.Match
	styles := textinput.DefaultStyles(dark)
	if !colour {
		plain := textinput.StyleState{Placeholder: lipgloss.NewStyle().Faint(true)}
		styles = textinput.Styles{Focused: plain, Blurred: plain, Cursor: styles.Cursor}
		styles.Cursor.Color = nil
	}
	s.input.SetStyles(styles)
}

func (s *search) clear() {
	s.input.Blur()
	s.input.SetValue("")
	*s = search{input: s.input, style: s.style}
}

func (m *pane) startSearch() tea.Cmd {
	m.search.typing = true
	m.search.input.SetValue("")
	return m.search.input.Focus()
}

// searchKey edits the query; each change jumps to the first match at or
// below the top of the screen, enter keeps the search, esc drops it.
func (m *pane) searchKey(msg tea.KeyPressMsg) tea.Cmd {
	switch msg.String() {
	case "esc":
		m.search.clear()
		return nil
	case "enter":
		m.search.typing = false
		m.search.input.Blur()
		if m.search.query == "" {
			m.search.clear()
		}
		return nil
	}
	var cmd tea.Cmd
	m.search.input, cmd = m.search.input.Update(msg)
	if q := strings.ToLower(m.search.input.Value()); q != m.search.query {
		m.search.query = q
		m.jumpFrom(match{item: m.lay.at(m.top), line: -1}, 1, true)
	}
	return cmd
}

// nextMatch moves to the next (dir 1) or previous (dir -1) match.
func (m *pane) nextMatch(dir int) {
	if m.search.query != "" {
		m.jumpFrom(m.search.at, dir, false)
		return
	}
	m.jumpToDivider()
}

// jumpToDivider shows the "new since you last looked" divider near the top:
// n and N without a search.
func (m *pane) jumpToDivider() {
	for i, it := range m.lay.items { // a virtual stream has no divider
		if it.kind == kindDivider {
			m.setCursor(i)
			m.top = m.lay.offsets[i]
			m.clampScroll()
			m.updateFollow()
			return
		}
	}
}

// jumpFrom finds the first match after (or before) from, wrapping around,
// and scrolls it into view. With inclusive, a match at from counts.
func (m *pane) jumpFrom(from match, dir int, inclusive bool) {
	all := m.findMatches()
	m.search.total, m.search.index = len(all), 0
	if len(all) == 0 {
		return
	}
	pick := -1
	for i, mt := range all {
		after := from.less(mt) || inclusive && mt == from
		if dir > 0 && after {
			pick = i
			break
		}
		if dir < 0 && mt.less(from) {
			pick = i
		}
	}
	if pick < 0 { // wrap around
		pick = 0
		if dir < 0 {
			pick = len(all) - 1
		}
	}
	mt := all[pick]
	m.search.at, m.search.index = mt, pick+1
	m.setCursor(mt.item)
	m.top = m.lay.offsets[mt.item] + mt.line - m.bodyHeight()/3
	m.clampScroll()
	m.updateFollow()
}

// findMatches scans every rendered line. It runs on a key press, never
// per frame.
func (m *pane) findMatches() []match {
	var out []match
	q := m.search.query
	for i := range m.lay.len() {
		var lines []string
		if m.lay.rows != nil {
			if !m.lay.rows.mayMatch(i, q) {
				continue
			}
			lines = m.lay.rows.plainLines(i)
		}
		styled := lines == nil
		if styled {
			lines = m.lines(m.lay.item(i))
		}
		for j, l := range lines {
			if styled {
				l = ansi.Strip(l)
			}
			if strings.Contains(strings.ToLower(l), q) {
				out = append(out, match{i, j})
			}
		}
	}
	return out
}

// highlight marks every occurrence of the query in a rendered line.
func (m *pane) highlight(line string) string {
	q := m.search.query
	if q == "" {
		return line
	}
	plain := ansi.Strip(line)
	lower := strings.ToLower(plain)
	if len(lower) != len(plain) || !strings.Contains(lower, q) {
		return line // case folding changed byte lengths: no safe cell positions
	}
	var ranges []lipgloss.Range
	for from := 0; ; {
		i := strings.Index(lower[from:], q)
		if i < 0 {
			break
		}
		start := from + i
		ranges = append(ranges, lipgloss.NewRange(ansi.StringWidth(plain[:start]),
			ansi.StringWidth(plain[:start+len(q)]), m.search.style))
		from = start + len(q)
	}
	return lipgloss.StyleRanges(line, ranges...)
}

// searchLine is the bottom line while a search is open or active.
func (m *pane) searchLine() string {
	if m.search.typing {
		return m.search.input.View()
	}
	s := "/" + cleanLine(m.search.query) + "  "
	if m.search.total == 0 {
		s += "no matches"
	} else {
		s += itoa(m.search.index) + "/" + itoa(m.search.total) + " · n/N next/prev"
	}
	return oneLine(s+" · esc clears", m.width, m.styles.Help)
}
