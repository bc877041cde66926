package tui

import (
	"strings"

	tea "charm.land/bubbletea/v2"
)

// Inline mode (Options.Inline) keeps the terminal's own scrollback: each
// message is printed above the program once it is finished, and only the
// live part, status and connection line stay at the bottom.

// flushInline prints the items that finished since the last frame.
func (m *pane) flushInline() tea.Cmd {
	if !m.opts.Inline || m.width <= 0 {
		return nil
	}
	var out []string
	for _, it := range m.content.takeFinished() {
		out = append(out, m.printLines(it)...)
	}
	if len(out) == 0 {
		return nil
	}
	return tea.Println(strings.Join(out, "\n"))
}

// takeFinished is the items of the messages that finished since the last
// call, in order; a message is printed once it is finished.
func (m *sessionView) takeFinished() []*item {
	var out []*item
	c := m.convo
	for m.printedMsgs < len(c.msgs) && m.finished(m.printedMsgs) {
		out = append(out, c.msgs[m.printedMsgs].items...)
		m.printedMsgs++
	}
	return out
}

// finished reports whether message i will not change any more in a way
// worth showing: an assistant message that completed, failed or was
// interrupted, or a prompt that has an answer.
func (m *sessionView) finished(i int) bool {
	msg := &m.convo.msgs[i].msg
	if msg.Role == "assistant" {
		return msg.Completed > 0 || msg.Error != nil || msg.Interrupted
	}
	return i+1 < len(m.convo.msgs)
}

// printLines renders an item for the scrollback at the full width, as
// Markdown, with the same indent as the live view.
func (m *pane) printLines(it *item) []string {
	gutter := strings.Repeat(" ", m.gutterWidth())
	o := renderOpts{Width: m.contentWidth(), Expanded: m.expanded(it), Wrap: true, Timestamps: m.timestamps,
		TimeLayout: m.opts.TimeLayout, ToolLines: m.opts.ToolLines, Markdown: m.md}
	lines := it.render(&m.styles, o)
	for i, l := range lines {
		lines[i] = fit(gutter+l, m.width)
	}
	return lines
}

// liveStart is the first layout item not yet printed.
func (m *sessionView) liveStart() int {
	if m.printedMsgs < len(m.convo.msgs) {
		return m.convo.msgs[m.printedMsgs].start
	}
	return m.lay.len()
}

// inlineLines is the bottom of the terminal in inline mode: status, the
// live part (its last lines when it is tall), the connection line and help.
func (m *pane) inlineLines() []string {
	out := []string{m.content.headerLines()[0]}
	total := m.lay.total()
	from := total
	if s := m.content.liveStart(); s < m.lay.len() {
		from = m.lay.offsets[s]
	}
	from = max(from, total-m.bodyHeight())
	for i := m.lay.at(from); i < m.lay.len() && from < total; i++ {
		for j, l := range m.lines(m.lay.item(i)) {
			if m.lay.offsets[i]+j >= from {
				out = append(out, strings.Repeat(" ", m.gutterWidth())+m.highlight(l))
			}
		}
	}
	out = append(out, m.panel()...)
	out = append(out, m.connLine())
	return append(out, m.bottomLines(1)...)
}
