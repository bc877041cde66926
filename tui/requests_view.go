package tui

import (
	"strconv"
	"strings"

	tea "charm.land/bubbletea/v2"
)

// The panel under the conversation: what the session waits for and its
// keys, the open input or question picker, and the outcome of the last
// action.

// paneler is a content with a panel; the pane gives it room.
type paneler interface {
	panelLines() []string
	itemNote(it *item) string
}

// panel is the content's panel lines, none for contents without one.
func (m *pane) panel() []string {
	if p, ok := m.content.(paneler); ok {
		return p.panelLines()
	}
	return nil
}

// note is what a content adds to an item's first line.
func (m *pane) note(it *item, line int) string {
	if p, ok := m.content.(paneler); ok && line == 0 {
		return p.itemNote(it)
	}
	return ""
}

// itemNote marks a tool call that waits for the watcher's answer.
func (m *sessionView) itemNote(it *item) string {
	if it.kind != kindPart || it.part.Tool == nil || !m.req.waiting[it.part.Tool.CallID] {
		return ""
	}
	return " " + m.styles.Warning.Render("⚠ needs approval")
}

// waiting reports whether the session is blocked on the watcher.
func (m *sessionView) waiting() bool { return m.req.blocked() }

func (m *sessionView) panelLines() []string {
	r, st := &m.req, &m.styles
	var out []string
	switch {
	case r.in.open():
		out = append(out, r.in.view(m.width))
	case r.picking:
		out = append(out, r.pickerLines(st)...)
	case r.perm() != nil:
		out = append(out, m.permLines(r.perm())...)
	case r.question() != nil:
		q := r.question()
		text := ""
		if len(q.qs) > 0 {
			text = cleanLine(q.qs[0].Question)
		}
		out = append(out, st.Badge.Render(" ? waiting for you ")+" the agent asks: "+text,
			st.Meta.Render(r.keyHint("a answer · r skip")))
	}
	if r.notice != "" {
		style := st.Meta
		if r.noticeErr {
			style = st.Error
		}
		out = append(out, style.Render(r.notice))
	}
	if limit := max(1, m.height/2); len(out) > limit {
		out = out[len(out)-limit:]
	}
	return out
}

// permLines shows a pending permission: which tool wants what, on what,
// and the keys.
func (m *sessionView) permLines(p *permReq) []string {
	st := &m.styles
	who := "the agent"
	if name := m.toolName(p.callID); name != "" {
		who = name
	}
	out := []string{st.Badge.Render(" ⚠ waiting for you ") + " " + cleanLine(who) + " asks permission: " +
		st.Title.Render(cleanLine(p.permission))}
	var what []string
	if p.command != "" {
		what = append(what, "$ "+cleanLine(p.command))
	}
	for _, pat := range p.patterns {
		what = append(what, cleanLine(pat))
	}
	if len(what) > 0 {
		out = append(out, "  "+strings.Join(what, "  "))
	}
	keys := m.req.keyHint("a allow once · A allow always · r reject")
	if n := len(m.req.perms) + len(m.req.questions) - 1; n > 0 {
		keys += " · " + strconv.Itoa(n) + " more waiting"
	}
	return append(out, st.Meta.Render(keys))
}

// keyHint is the keys of a request, or why they do nothing.
func (r *requests) keyHint(keys string) string {
	if r.actor == nil {
		return "read-only (" + r.off + "): answer it from another client"
	}
	return keys
}

// toolName is the tool of call id, looked up from the newest message back.
func (m *sessionView) toolName(callID string) string {
	if callID == "" {
		return ""
	}
	msgs := m.convo.msgs
	for i := len(msgs) - 1; i >= 0 && i >= len(msgs)-8; i-- {
		for _, p := range msgs[i].msg.Parts {
			if p.Tool != nil && p.Tool.CallID == callID {
				return p.Tool.Name
			}
		}
	}
	return ""
}

// requestMsg takes what the panel handles: action outcomes and, unless a
// search is being typed, the keys of the panel.
func (m *sessionView) requestMsg(msg tea.Msg) (tea.Cmd, bool) {
	var cmd tea.Cmd
	switch msg := msg.(type) {
	case actionDoneMsg:
		m.req.done(msg)
		if msg.err == nil && msg.request == "" {
			m.follow = true // a prompt or an interrupt: show what it does
		}
	case tea.KeyPressMsg:
		if m.search.typing {
			return nil, false
		}
		var ok bool
		if cmd, ok = m.req.key(msg, m.convo.head.Status.Busy()); !ok {
			return nil, false
		}
	default:
		return nil, false
	}
	m.remeasure(m.lay.len()) // the panel may have changed height
	return cmd, true
}

// typing: keys go to an input, not to the view and the tabs.
func (m *sessionView) typing() bool { return m.search.typing || m.req.typing() }
