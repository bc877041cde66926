package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
)

// Streaming text is rendered incrementally. While a text part streams its
// text only grows, and a line that is complete never changes again, so
// textStream keeps what it made of complete lines: the finished Markdown
// blocks, each rendered once per width, and the wrapped rows of the open
// block. A token then costs the line it extends, not the whole answer.
//
// What it shows is what rendering the whole text would: the settled part
// (up to the last blank line outside a code fence) as Markdown, a blank
// line, and the open block as plain wrapped text. The settled part is
// rendered block by block and the renderings joined by a blank line, which
// is how glamour separates blocks, except where neighbouring blocks render
// differently together (a loose list, a list followed by more, an open
// fence or HTML block, an indented continuation, a definition): such
// blocks stay in one segment, rendered together. A link reference
// definition may be used anywhere, so once one appears the settled part is
// rendered as one segment. The screen is the same; the bytes differ only
// in that glamour's blank line between blocks holds empty colour codes.
// Once the part has ended it is rendered whole, as before.
//
// Server text is cleaned a line at a time, so an escape sequence cannot
// reach past a line end: what it hides is at most the rest of its line.
type textStream struct {
	raw  string // the part's text when last rendered
	done int    // raw[:done] is complete lines, taken in

	scan   blockScan
	segs   []mdSegment
	gap    string   // blank lines since the last finished block
	open   []string // clean complete lines of the open block
	single bool     // a link reference was defined: one segment

	key     textKey
	settled []string   // the segments' lines joined, at key; nil when stale
	rows    [][]string // wrapped rows of each open line at key
	last    growingLine

	whole mdWhole // a finished part's rendering
}

// textKey is what renderings depend on besides the text.
type textKey struct {
	width    int
	wrap     bool
	md       *markdown
	styleGen int
}

// mdSegment is settled blocks rendered together.
type mdSegment struct {
	lead  string // the blank lines before it, kept for merging
	text  string
	last  blockInfo // of its last block
	lines []string  // at textStream.key; nil when stale
}

// mdWhole is a finished part rendered as one document.
type mdWhole struct {
	src   string
	key   textKey
	lines []string
}

func (o renderOpts) textKey() textKey {
	return textKey{width: o.Width, wrap: o.Wrap, md: o.Markdown, styleGen: o.StyleGen}
}

// update takes in the part's text: the complete lines added since the last
// call, or everything again when the text changed other than by growing.
// It returns the clean incomplete last line.
func (s *textStream) update(raw string) string {
	if len(raw) < s.done || raw[:s.done] != s.raw[:s.done] {
		whole := s.whole
		*s = textStream{whole: whole}
	}
	s.raw = raw
	for {
		i := strings.IndexByte(raw[s.done:], '\n')
		if i < 0 {
			break
		}
		s.line(clean(raw[s.done : s.done+i]))
		s.done += i + 1
	}
	return clean(raw[s.done:])
}

// line takes in one complete clean line. A blank line outside a code fence
// (where every line starting with ``` or ~~~ opens or closes one) ends a block.
func (s *textStream) line(l string) {
	trimmed := strings.TrimSpace(l)
	fence := strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~")
	if !fence && trimmed == "" && !s.scan.naiveFence {
		s.cut(l)
		return
	}
	if fence {
		s.scan.naiveFence = !s.scan.naiveFence
	}
	s.scan.line(l)
	s.open = append(s.open, l)
}

// cut ends the open block at a blank line outside a code fence.
func (s *textStream) cut(blank string) {
	if len(s.open) == 0 {
		s.gap += blank + "\n"
		return
	}
	info := s.scan.finish(s.open)
	text := strings.Join(s.open, "\n") + "\n"
	s.single = s.single || info.refDef
	n := len(s.segs)
	switch {
	case n > 0 && s.single:
		s.segs = []mdSegment{{text: joinSegments(s.segs) + s.gap + text, last: info}}
		s.settled = nil
	case n > 0 && !separable(s.segs[n-1].last, info):
		seg := &s.segs[n-1]
		seg.text += s.gap + text
		seg.last, seg.lines, s.settled = seg.last.then(info), nil, nil
	default:
		s.segs = append(s.segs, mdSegment{lead: s.gap, text: text, last: info})
		s.settled = nil
	}
	s.open, s.rows, s.gap = nil, nil, blank+"\n"
}

func joinSegments(segs []mdSegment) string {
	var b strings.Builder
	for i, seg := range segs {
		if i > 0 {
			b.WriteString(seg.lead)
		}
		b.WriteString(seg.text)
	}
	return b.String()
}

// render lays the streaming part out after head: settled segments as
// Markdown, then the open block plain. ok is false when glamour fails.
func (s *textStream) render(st *Styles, o renderOpts, head []string, incomplete string) (out []string, ok bool) {
	if key := o.textKey(); key != s.key {
		for i := range s.segs {
			s.segs[i].lines = nil
		}
		s.key, s.rows, s.settled = key, nil, nil
	}
	for i := range s.segs {
		if seg := &s.segs[i]; seg.lines == nil {
			lines, ok := o.Markdown.render(seg.text, o.Width, o.Wrap)
			if !ok {
				return nil, false
			}
			if lines == nil {
				lines = []string{} // rendered, to nothing
			}
			seg.lines, s.settled = lines, nil
		}
	}
	if s.settled == nil && len(s.segs) > 0 {
		s.settled = []string{}
		for i, seg := range s.segs {
			if i > 0 {
				s.settled = append(s.settled, "")
			}
			s.settled = append(s.settled, seg.lines...)
		}
	}
	tail := s.tailLines(st, incomplete)
	n := len(head) + len(s.settled) + 1
	for _, rows := range tail {
		n += len(rows)
	}
	// A new slice every time: callers may change the lines they get.
	out = append(append(make([]string, 0, n), head...), s.settled...)
	if len(tail) > 0 && len(s.segs) > 0 {
		out = append(out, "")
	}
	for _, rows := range tail {
		out = append(out, rows...)
	}
	return out, true
}

// tailLines are the rows of the open block, as block lays out
// strings.TrimLeft(tail, "\n"): trailing empty lines go, and a tail of only
// spaces shows nothing.
func (s *textStream) tailLines(st *Styles, incomplete string) [][]string {
	if len(s.open) == 0 && strings.TrimSpace(incomplete) == "" {
		return nil
	}
	for len(s.rows) < len(s.open) {
		s.rows = append(s.rows, plainRows(s.open[len(s.rows)], s.key, st.Text))
	}
	tail := s.rows
	if incomplete != "" {
		return append(tail[:len(tail):len(tail)], s.last.wrap(incomplete, s.key, st.Text))
	}
	for len(tail) > 0 && len(s.open[len(tail)-1]) == 0 {
		tail = tail[:len(tail)-1]
	}
	return tail
}

// plainRows wraps one clean line as block does with no prefix.
func plainRows(line string, k textKey, style lipgloss.Style) []string {
	var rows []string
	for _, l := range wrapLine(line, max(1, k.width), k.wrap) {
		rows = append(rows, fit(style.Render(l), k.width))
	}
	return rows
}

// growingLine wraps the line still being written. Wrapping is greedy, so
// appending to a line changes only its last row: the rows before it are
// kept, with where each starts, and only the rest is wrapped again. A row
// is a piece of the line (the spaces at a break are dropped), which is
// checked; anything else is wrapped whole.
type growingLine struct {
	src    string
	key    textKey
	plain  []string // rows as wrapLine makes them
	starts []int    // where each row starts in src; nil: no reuse
	rows   []string // styled and fit
}

// reuseMargin keeps a grapheme cluster that the new text may extend (an
// emoji sequence, a combining mark) out of the rows that are kept.
const reuseMargin = 32

func (g *growingLine) wrap(line string, k textKey, style lipgloss.Style) []string {
	keep := 0
	if g.key == k && g.starts != nil && strings.HasPrefix(line, g.src) {
		for r := len(g.starts) - 1; r >= 1; r-- {
			if g.starts[r] <= len(g.src)-reuseMargin && cleanBreak(g.src, g.starts[r], k.width) {
				keep = r
				break
			}
		}
	}
	if keep == 0 {
		*g = growingLine{src: line, key: k, plain: wrapLine(line, max(1, k.width), k.wrap)}
		g.rows = make([]string, len(g.plain))
		for i, l := range g.plain {
			g.rows[i] = fit(style.Render(l), k.width)
		}
		if k.wrap && len(g.plain) > 1 {
			g.starts = rowStarts(line, g.plain)
		}
		return g.rows
	}
	from := g.starts[keep]
	rest := wrapLines(line[from:], max(1, k.width))
	starts := rowStarts(line[from:], rest)
	g.src, g.plain = line, append(g.plain[:keep:keep], rest...)
	g.rows = g.rows[:keep:keep]
	for _, l := range rest {
		g.rows = append(g.rows, fit(style.Render(l), k.width))
	}
	g.starts = g.starts[:keep:keep]
	if starts == nil {
		g.starts = nil
	} else {
		for _, s := range starts {
			g.starts = append(g.starts, from+s)
		}
	}
	return g.rows
}

// cleanBreak reports whether wrapping may start afresh at the row starting
// at i: after a space, with a first word that wrapping neither breaks at a
// hyphen nor cuts for being too long. Elsewhere the wrapper carries state
// across the break.
func cleanBreak(line string, i, width int) bool {
	if i == 0 || line[i-1] != ' ' {
		return false
	}
	word, _, _ := strings.Cut(line[i:], " ")
	return !strings.Contains(word, "-") && len(word) < width
}

// rowStarts finds where each row starts in line, or returns nil when a row
// is not the next piece of it.
func rowStarts(line string, rows []string) []int {
	starts := make([]int, len(rows))
	pos := 0
	for i, row := range rows {
		j := strings.Index(line[pos:], row)
		if j < 0 || strings.TrimSpace(line[pos:pos+j]) != "" {
			return nil
		}
		starts[i], pos = pos+j, pos+j+len(row)
	}
	return starts
}
