package tui

import (
	"fmt"

	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/sanitize"
)

// PickerServer is one server offered by the server list.
type PickerServer struct {
	URL, Name, Source, Version string
	Sessions                   int  // -1 when not counted
	NeedsPassword              bool // it cannot be opened without one
	Error                      string
}

type serverItem struct{ s PickerServer }

func (i serverItem) FilterValue() string { return i.s.Name + " " + i.s.URL }

func (i serverItem) Title() string {
	mark := "  "
	if i.s.NeedsPassword {
		mark = "🔒"
	}
	return mark + sanitize.Line(i.s.Name) + " · " + sanitize.Line(i.s.URL)
}

func (i serverItem) Description() string {
	switch {
	case i.s.NeedsPassword:
		return "  needs a password (-p, or password-env in a [servers.NAME] table)"
	case i.s.Error != "":
		return "  " + sanitize.Line(i.s.Error)
	}
	return fmt.Sprintf("  %s · OpenCode %s · %d sessions", sanitize.Line(i.s.Source), sanitize.Line(i.s.Version), i.s.Sessions)
}

// ServerList is a filterable list of servers; enter chooses one that can
// be opened, q and esc quit.
type ServerList struct {
	list   list.Model
	chosen int
}

// NewServerList lists servers in the given order.
func NewServerList(servers []PickerServer) *ServerList {
	items := make([]list.Item, len(servers))
	for i, s := range servers {
		items[i] = serverItem{s}
	}
	return &ServerList{list: newPickList(items, "OpenCode servers · enter: sessions · /: filter · q: quit", "server", "servers"), chosen: -1}
}

// Chosen is the index of the server picked with enter, -1 when the user quit.
func (m *ServerList) Chosen() int { return m.chosen }

func (m *ServerList) Init() tea.Cmd { return nil }

func (m *ServerList) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		m.list.SetSize(msg.Width, msg.Height)
		return m, nil
	case tea.KeyPressMsg:
		if m.list.SettingFilter() {
			break
		}
		switch msg.String() {
		case "enter":
			it, ok := m.list.SelectedItem().(serverItem)
			if !ok {
				break
			}
			if it.s.NeedsPassword || it.s.Error != "" {
				return m, m.list.NewStatusMessage("cannot open " + sanitize.Line(it.s.URL) + ": " + it.Description()[2:])
			}
			m.chosen = m.list.GlobalIndex()
			return m, tea.Quit
		case "ctrl+c":
			return m, tea.Quit
		}
	}
	var cmd tea.Cmd
	m.list, cmd = m.list.Update(msg)
	return m, cmd
}

func (m *ServerList) View() tea.View { return pickView(m.list) }
