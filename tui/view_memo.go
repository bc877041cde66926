package tui

import (
	"strings"

	"github.com/dstail/dstail/feed"
)

// viewMemo keeps what the last frames drew. Bubble Tea calls View after
// every message, and while an answer streams most messages (a token taken
// in between two frame ticks) change nothing on screen, so View mostly
// puts together lines it already made: a conversation line is cut to the
// width and its markers dimmed once, the header and help are drawn once
// for what they show, and the screen is joined again only when a line
// changed.
type viewMemo struct {
	width int
	color bool
	gen   int
	epoch int // counts the times the memo was emptied

	// finished conversation lines by what they are made of, two
	// generations so the memo holds about the lines of the last screens
	lines, older map[lineKey]string

	headKey   headerKey
	headLines []string
	helpKey   helpKey
	helpLine  string
	connKey   connKey
	connLine  string
	busyText  string
	busyLine  string
	chrome    map[string]string // header, panel, connection and help lines, finished

	screen  []string // the lines last joined
	content string
}

type lineKey struct {
	line   string
	cursor bool
}

type headerKey struct {
	status, title string
	usage         usage
	width, gen    int
}

// connKey is everything the connection line shows.
type connKey struct {
	state                    feed.State // without Err, which may not be comparable
	err, position, gap, wait string
	follow, retryNow         bool
	newBelow, width, gen     int
}

type helpKey struct {
	bindings   uint64
	width, gen int
}

// memo is the view's memo, emptied when what every line depends on changed.
func (m *pane) memo() *viewMemo {
	v := &m.viewMemo
	if v.lines == nil || v.width != m.width || v.color != m.color || v.gen != m.gen {
		*v = viewMemo{width: m.width, color: m.color, gen: m.gen, epoch: v.epoch + 1,
			lines: map[lineKey]string{}, older: map[lineKey]string{}}
	}
	return v
}

// shownKey is what an item's finished lines were made from: its rendered
// lines (a rendering is a new slice, never changed in place) and how they
// were rendered, the window of them on screen, the cursor mark, and the
// memo's epoch.
type shownKey struct {
	first          *string
	cached         cacheKey
	n, from, epoch int
	cursor, valid  bool
}

// shownLines are it's lines from..from+n on screen, finished, filled in
// as they are drawn, so a View that follows a message which changed
// nothing on screen does no work per line.
func (m *pane) shownLines(it *item, lines []string, from, n int, cursor bool) []string {
	k := shownKey{cached: it.cached, n: len(lines), from: from, epoch: m.memo().epoch, cursor: cursor, valid: true}
	if len(lines) > 0 {
		k.first = &lines[0]
	}
	if it.shownKey != k || len(it.shown) != n {
		it.shownKey, it.shown = k, make([]string, n)
	}
	return it.shown
}

// finish cuts a line to the screen and dims the markers of invisible
// characters: the last step of every line of the screen.
func (m *pane) finish(line string) string {
	line = fit(line, m.width)
	if m.color {
		line = dimMarkers(line)
	}
	return line
}

// finishChrome is finish for the lines around the conversation, which
// mostly stay the same from one View to the next.
func (m *pane) finishChrome(line string) string {
	v := m.memo()
	if s, ok := v.chrome[line]; ok {
		return s
	}
	if v.chrome == nil || len(v.chrome) >= 64 {
		v.chrome = map[string]string{}
	}
	s := m.finish(line)
	v.chrome[line] = s
	return s
}

// bodyLine is a finished conversation line: the gutter (with the cursor
// mark on the selected item), the line, and a note after it.
func (m *pane) bodyLine(l string, cursor bool, note string) string {
	mark := func() string {
		if cursor {
			return m.styles.Cursor.Render("▌") + " "
		}
		return strings.Repeat(" ", m.gutterWidth())
	}
	if m.search.query != "" || note != "" {
		return m.finish(mark() + m.highlight(l) + note)
	}
	v, k := m.memo(), lineKey{l, cursor}
	if s, ok := v.lines[k]; ok {
		return s
	}
	s, ok := v.older[k]
	if !ok {
		s = m.finish(mark() + l)
	}
	if len(v.lines) >= 4*max(m.height, 10) {
		v.lines, v.older = v.older, v.lines
		clear(v.lines)
	}
	v.lines[k] = s
	return s
}

// joinScreen joins the screen's lines, or returns the last screen when no
// line changed.
func (m *pane) joinScreen(out []string) string {
	v := m.memo()
	if len(out) == len(v.screen) {
		same := true
		for i := range out {
			if out[i] != v.screen[i] {
				same = false
				break
			}
		}
		if same {
			return v.content
		}
	}
	v.screen, v.content = append(v.screen[:0], out...), strings.Join(out, "\n")
	return v.content
}

// shortHelp is the help line for the keys as they are now.
func (m *pane) shortHelp() string {
	bindings := m.keys.ShortHelp()
	h := newHasher()
	for _, b := range bindings {
		h.str(b.Help().Key, b.Help().Desc).flags(b.Enabled())
	}
	v, k := m.memo(), helpKey{bindings: h.sum(), width: m.width, gen: m.gen}
	if v.helpLine == "" || v.helpKey != k {
		v.helpKey, v.helpLine = k, m.help.ShortHelpView(bindings)
	}
	return v.helpLine
}
