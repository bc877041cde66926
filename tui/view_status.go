package tui

import (
	"fmt"
	"time"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

var spinnerFrames = []string{"⠋", "⠙", "⠹", "⠸", "⠼", "⠴", "⠦", "⠧", "⠇", "⠏"}

// headerLines are the two header lines: where and what, then who and cost.
func (m *sessionView) headerLines() []string {
	st := &m.styles
	left := m.origin()
	if s := m.convo.head.Session; s != nil {
		title := cleanLine(s.Title)
		if title == "" {
			title = cleanLine(s.ID)
		}
		left += st.HeaderDim.Render(" · ") + st.Title.Render(title)
	}
	first := joinLR(left, m.statusText(), m.width)
	u := m.usage()
	second := ""
	for _, s := range []string{u.agent, u.model} {
		if s != "" {
			second += s + " · "
		}
	}
	second += tokenSummary(u.tokens) + " · " + money(u.cost)
	return []string{first, oneLine(second, m.width, st.HeaderDim)}
}

// origin is the start of the first header line: the program and where it
// reads from.
func (m *pane) origin() string {
	left := m.styles.Header.Render("dstail")
	if s := cleanLine(m.opts.Server); s != "" {
		left += m.styles.HeaderDim.Render(" · " + s)
	}
	return left
}

// statusText is the session status: idle, busy with a spinner, a retry
// with its attempt and countdown, or the last session error.
func (m *sessionView) statusText() string {
	st, s := &m.styles, m.convo.head.Status
	switch {
	case !m.hasState:
		return st.HeaderDim.Render("no session yet")
	case m.waiting():
		return st.StatusRetry.Render("⚠ waiting for you")
	case m.convo.head.Error != nil && !s.Busy():
		return st.StatusError.Render("✗ " + cleanLine(m.convo.head.Error.Name))
	case s.Type == "retry":
		text := fmt.Sprintf("↻ retry %d", s.Attempt)
		if s.Next > 0 {
			left := time.UnixMilli(s.Next).Sub(m.opts.Now())
			text += " in " + seconds(left)
		}
		if msg := cleanLine(s.Message); msg != "" {
			text += ": " + msg
		}
		return st.StatusRetry.Render(text)
	case s.Busy():
		frame := spinnerFrames[int(m.opts.Now().UnixMilli()/100)%len(spinnerFrames)]
		return st.StatusBusy.Render(frame + " " + cleanLine(s.Type))
	}
	return st.StatusIdle.Render("● idle")
}

// usage is what the header's second line shows.
type usage struct {
	agent, model string
	tokens       reconcile.Tokens
	cost         float64
}

// usage is agent, model, tokens and cost for the header: the session's
// running totals when the server sent them, else the sums over messages,
// which the conversation keeps up to date as messages change.
func (m *sessionView) usage() usage {
	c := m.convo
	var u usage
	if i := c.lastAssistant(); i >= 0 {
		msg := &c.msgs[i].msg
		u.agent, u.model = cleanLine(msg.Agent), modelName(msg.ProviderID, msg.ModelID)
	}
	u.tokens, u.cost = c.tokens, c.cost
	if s := c.head.Session; s != nil {
		if u.agent == "" {
			u.agent = cleanLine(s.Agent)
		}
		if u.model == "" {
			u.model = modelName(s.ProviderID, s.ModelID)
		}
		if s.Cost > 0 || s.Tokens != (reconcile.Tokens{}) {
			u.tokens, u.cost = s.Tokens, s.Cost
		}
	}
	return u
}

// connLine is the transport state on the left and the follow state on the
// right.
func (m *pane) connLine() string {
	st, c := &m.styles, m.conn
	var left string
	switch c.Phase {
	case feed.PhaseLive:
		left = st.ConnLive.Render("● live" + suffix(c.Mode))
	case feed.PhaseCatchingUp:
		left = st.ConnBusy.Render("… catching up" + suffix(c.Mode))
	case feed.PhaseConnecting:
		left = st.ConnBusy.Render("… connecting")
	case feed.PhaseRetrying:
		wait := c.RetryIn - m.opts.Now().Sub(m.connAt)
		text := fmt.Sprintf("↻ reconnecting in %s (attempt %d)", seconds(wait), c.Attempt)
		if c.Err != nil {
			text += ": " + cleanLine(c.Err.Error())
		}
		left = st.ConnDown.Render(text)
	case feed.PhaseClosed:
		text := "■ closed: end of stream"
		if c.Err != nil {
			text += ": " + cleanLine(c.Err.Error())
		}
		left = st.ConnDown.Render(text)
	default:
		left = st.Meta.Render("○ not connected")
	}
	switch {
	case c.Offset != "":
		left += st.Meta.Render(" · offset " + cleanLine(c.Offset))
	case m.content.position() != "":
		left += st.Meta.Render(" · " + m.content.position())
	}
	if g := m.gaps.note(c.Phase); g != "" {
		left += st.Meta.Render(" · " + g)
	}
	if n := cleanLine(c.Note); n != "" {
		left += st.Warning.Render(" · " + n)
	}
	right := st.Meta.Render("following")
	if !m.follow {
		right = st.Badge.Render(fmt.Sprintf(" paused · %d new below · G for live ", m.newBelow()))
	}
	return joinLR(left, right, m.width)
}

func suffix(mode string) string {
	if mode = cleanLine(mode); mode != "" {
		return " · " + mode
	}
	return ""
}

// seconds rounds a wait up to whole seconds, never below zero.
func seconds(d time.Duration) string {
	s := max(0, (d+time.Second-1)/time.Second)
	return fmt.Sprintf("%ds", s)
}

// joinLR puts right at the right edge; left is cut to make room, and
// right is dropped when the line is too narrow for both.
func joinLR(left, right string, width int) string {
	rw := lipgloss.Width(right)
	if rw > width/2 { // a long server message must not take the status's place
		right = ansi.Truncate(right, width/2, "…")
		rw = lipgloss.Width(right)
	}
	if rw+8 > width {
		return fit(left, width)
	}
	room := width - rw - 1
	if lipgloss.Width(left) > room {
		left = ansi.Truncate(left, room, "…")
	}
	gap := width - lipgloss.Width(left) - rw
	return left + fmt.Sprintf("%*s", gap, "") + right
}
