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
// They are drawn again only when what they show changed.
func (m *sessionView) headerLines() []string {
	st := &m.styles
	status := m.statusText()
	title := ""
	if s := m.convo.head.Session; s != nil {
		if title = cleanLine(s.Title); title == "" {
			title = cleanLine(s.ID)
		}
	}
	u := m.usage()
	memo, k := m.memo(), headerKey{status: status, title: title, usage: u, width: m.width, gen: m.gen}
	if memo.headLines != nil && memo.headKey == k {
		return memo.headLines
	}
	first := joinLR(m.origin(title, m.width-lipgloss.Width(status)-1), status, m.width)
	second := ""
	for _, s := range []string{u.agent, u.model} {
		if s != "" {
			second += s + " · "
		}
	}
	second += tokenSummary(u.tokens) + " · " + money(u.cost)
	memo.headKey, memo.headLines = k, []string{first, oneLine(second, m.width, st.HeaderDim)}
	return memo.headLines
}

// origin is the start of the first header line in room cells: the program,
// where it reads from and the title. When they do not fit, the title
// outranks the server, which goes first; what is left is cut with an
// ellipsis, never on a dangling separator.
func (m *pane) origin(title string, room int) string {
	st := &m.styles
	left := st.Header.Render("dstail")
	server := cleanLine(m.opts.Server)
	if server != "" && lipgloss.Width(left)+3+ansi.StringWidth(server)+optionalWidth(title) > room {
		server = "" // the title says more than where it comes from
	}
	if rest := room - lipgloss.Width(left) - 3; server != "" && rest >= 2 {
		left += st.HeaderDim.Render(" · " + ansi.Truncate(server, rest, "…"))
	}
	if rest := room - lipgloss.Width(left) - 3; title != "" && rest >= 2 {
		left += st.HeaderDim.Render(" · ") + st.Title.Render(ansi.Truncate(title, rest, "…"))
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
	case m.offline():
		return st.StatusError.Render("○ offline")
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
		text, memo := frame+" "+cleanLine(s.Type), m.memo()
		if memo.busyText != text || memo.busyLine == "" {
			memo.busyText, memo.busyLine = text, st.StatusBusy.Render(text)
		}
		return memo.busyLine
	}
	return st.StatusIdle.Render("● idle")
}

// offline reports a lost connection: what the session last said (busy,
// retrying) may no longer hold.
func (m *pane) offline() bool {
	return m.conn.Phase == feed.PhaseRetrying
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
// right. Cut to the width, it keeps the follow state and the end of the
// error that brought the connection down (where "connection refused" is).
// It is drawn again only when what it shows changed.
func (m *pane) connLine() string {
	c := m.conn
	k := connKey{state: c, position: m.content.position(), gap: m.gaps.note(c.Phase), follow: m.follow,
		newBelow: m.newBelow(), width: m.width, gen: m.gen, retryNow: m.opts.RetryNow != nil}
	if c.Err != nil {
		k.state.Err, k.err = nil, c.Err.Error()
	}
	if c.Phase == feed.PhaseRetrying {
		k.wait = seconds(c.RetryIn - m.opts.Now().Sub(m.connAt))
	}
	memo := m.memo()
	if memo.connLine == "" || memo.connKey != k {
		memo.connKey, memo.connLine = k, m.drawConnLine()
	}
	return memo.connLine
}

func (m *pane) drawConnLine() string {
	st, c := &m.styles, m.conn
	right := st.Meta.Render("following")
	switch {
	case !m.follow && m.width < 80:
		right = st.Badge.Render(fmt.Sprintf(" paused · %d new ", m.newBelow()))
	case !m.follow:
		right = st.Badge.Render(fmt.Sprintf(" paused · %d new below · G for live ", m.newBelow()))
	}
	// What the view was handed last is newer than the offset of the last
	// phase change.
	var extra string
	switch {
	case m.content.position() != "":
		extra += st.Meta.Render(" · " + cleanLine(m.content.position()))
	case c.Offset != "":
		extra += st.Meta.Render(" · offset " + cleanLine(c.Offset))
	}
	if g := m.gaps.note(c.Phase); g != "" {
		extra += st.Meta.Render(" · " + g)
	}
	if n := cleanLine(c.Note); n != "" {
		extra += st.Warning.Render(" · " + n)
	}
	room := m.width - lipgloss.Width(right) - 1
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
		text := fmt.Sprintf("↻ reconnecting in %s (attempt %d", seconds(wait), c.Attempt)
		if m.opts.RetryNow != nil {
			text += ", r: now"
		}
		text += ")"
		if c.Err != nil && room-ansi.StringWidth(text) < 24 {
			text = "↻ " + seconds(wait) // narrow: the cause says more than the count
		}
		return m.downLine(text, room, extra, right)
	case feed.PhaseClosed:
		return m.downLine("■ closed: end of stream", room, extra, right)
	default:
		left = st.Meta.Render("○ not connected")
	}
	return joinLR(left+extra, right, m.width)
}

// downLine is the connection line of a connection that is down: text, the
// error's cause and the extras in room cells. What does not fit goes in
// this order: the extras, then the start of the cause, whose end (where
// "connection refused" is) stays.
func (m *pane) downLine(text string, room int, extra, right string) string {
	st, err := &m.styles, m.conn.Err
	if err == nil {
		return joinLR(st.ConnDown.Render(text)+extra, right, m.width)
	}
	cause := cleanLine(err.Error())
	full := ansi.StringWidth(text) + 2 + ansi.StringWidth(cause)
	if full <= room { // the extras take what is left, cut as they must be
		return joinLR(st.ConnDown.Render(text+": "+cause)+extra, right, m.width)
	}
	if rest := room - ansi.StringWidth(text) - 2; rest >= 8 && full > room {
		cause = "…" + ansi.TruncateLeft(cause, ansi.StringWidth(cause)-rest+1, "")
	}
	return joinLR(st.ConnDown.Render(text+": "+cause), right, m.width)
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
	room := max(0, width-rw-1)
	if lipgloss.Width(left) > room {
		left = ansi.Truncate(left, room, "…")
	}
	gap := max(0, width-lipgloss.Width(left)-rw)
	return left + fmt.Sprintf("%*s", gap, "") + right
}

// optionalWidth is the width a " · text" part takes, 0 for no text.
func optionalWidth(text string) int {
	if text == "" {
		return 0
	}
	return 3 + ansi.StringWidth(text)
}
