package tui

import (
	"time"

	tea "charm.land/bubbletea/v2"
)

// noticeFor is how long a key's notice stays on the help line.
const noticeFor = 3 * time.Second

// notice is a short word on the help line about what a key just changed,
// for toggles whose effect may be off screen (timestamps with no message
// header in view).
type notice struct {
	text string
	at   time.Time
}

// noticeDoneMsg only makes the program draw again once a notice is over.
type noticeDoneMsg struct{}

// say shows text on the help line for noticeFor.
func (m *pane) say(text string) tea.Cmd {
	m.notice = notice{text: text, at: m.opts.Now()}
	return tea.Tick(noticeFor, func(time.Time) tea.Msg { return noticeDoneMsg{} })
}

// noticeText is the notice still showing, or "".
func (m *pane) noticeText() string {
	if m.notice.text == "" || m.opts.Now().Sub(m.notice.at) >= noticeFor {
		return ""
	}
	return m.notice.text
}

func onOff(on bool) string {
	if on {
		return "on"
	}
	return "off"
}
