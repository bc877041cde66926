package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/output"
)

// tabTitleWidth is the most cells a tab gives its session's title.
const tabTitleWidth = 18

// bar is the line of tabs: the shown one and as many around it as fit,
// with ‹ and › where more are off the edge. Only the tabs drawn are looked
// at, so its cost does not grow with the number of sessions.
func (t *Tabs) bar() string {
	st := &t.current().styles
	room := t.width - 4 // the edge marks
	label := func(i int) string { return t.tabLabel(i, st) }
	parts := []string{label(t.active)}
	used := lipgloss.Width(parts[0])
	lo, hi := t.active, t.active
	for grew := true; grew; {
		grew = false
		if hi+1 < len(t.tabs) {
			if l := label(hi + 1); used+1+lipgloss.Width(l) <= room {
				parts, used, hi, grew = append(parts, l), used+1+lipgloss.Width(l), hi+1, true
			}
		}
		if lo > 0 {
			if l := label(lo - 1); used+1+lipgloss.Width(l) <= room {
				parts, used, lo, grew = append([]string{l}, parts...), used+1+lipgloss.Width(l), lo-1, true
			}
		}
	}
	left, right := "  ", "  "
	if lo > 0 {
		left = st.Meta.Render("‹ ")
	}
	if hi < len(t.tabs)-1 {
		right = st.Meta.Render(" ›")
	}
	return fit(left+strings.Join(parts, " ")+right, t.width)
}

// tabLabel is one tab: its key, its status mark, its title and, when it
// has events not seen yet, a dot.
func (t *Tabs) tabLabel(i int, st *Styles) string {
	tb := t.tabs[i]
	key := " "
	if i < 9 {
		key = itoa(i + 1)
	}
	text := " " + key + " " + t.mark(tb) + " " + tabTitle(tb)
	if tb.unread {
		text += " •"
	}
	text += " "
	switch {
	case i == t.active:
		return st.Badge.Render(text)
	case tb.unread:
		return st.Title.Render(text)
	}
	return st.HeaderDim.Render(text)
}

// mark is a session's status in one cell: idle ·, busy a spinner, retry ↻,
// error ✗, deleted ⊘, nothing known yet …
func (t *Tabs) mark(tb *tab) string {
	c := tb.m.convo
	switch s := c.head.Status; {
	case tb.gone:
		return "⊘"
	case !tb.m.hasState:
		return "…"
	case tb.m.waiting():
		return "⚠"
	case c.head.Error != nil && !s.Busy():
		return "✗"
	case s.Type == "retry":
		return "↻"
	case s.Busy():
		return spinnerFrames[int(t.opts.Now().UnixMilli()/100)%len(spinnerFrames)]
	}
	return "·"
}

// tabTitle is the session's title cut to fit a tab, or the end of its ID.
func tabTitle(tb *tab) string {
	title := ""
	if s := tb.m.convo.head.Session; s != nil {
		title = cleanLine(s.Title)
	}
	if title == "" {
		return output.SessionLabel(tb.id)
	}
	return ansi.Truncate(title, tabTitleWidth, "…")
}
