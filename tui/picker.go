package tui

import (
	"fmt"
	"slices"
	"time"

	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
	tea "charm.land/bubbletea/v2"

	"github.com/dstail/dstail/sanitize"
)

// PickerSession is one session offered by the picker.
type PickerSession struct {
	ID, Title, Directory, ParentID string
	Status                         string // idle, busy, retry, error
	Updated                        time.Time
}

// PickerChangeMsg updates (or adds) a session in the picker: its status
// from the event stream, or its info after session.created/updated.
type PickerChangeMsg struct {
	Session    PickerSession
	StatusOnly bool // only Session.Status is meant
}

type pickerItem struct{ s PickerSession }

func (i pickerItem) FilterValue() string { return i.s.Title + " " + i.s.ID + " " + i.s.Directory }

func (i pickerItem) Title() string {
	mark := map[string]string{"busy": "● ", "retry": "↻ ", "error": "✗ "}[i.s.Status]
	if mark == "" {
		mark = "  "
	}
	title := sanitize.Line(i.s.Title)
	if i.s.ParentID != "" {
		title = "↳ " + title
	}
	return mark + title
}

func (i pickerItem) Description() string {
	return fmt.Sprintf("  %s · %s · %s · %s", sanitize.Line(i.s.ID), sanitize.Line(i.s.Status),
		i.s.Updated.Format("Jan 2 15:04"), sanitize.Line(i.s.Directory))
}

// Picker is a filterable list of sessions; enter chooses one.
type Picker struct {
	list    list.Model
	chosen  string
	escBack bool // esc goes back to the server list (picker_escback.go)
	back    bool
}

// NewPicker lists sessions in the given order (newest activity first).
func NewPicker(sessions []PickerSession) *Picker {
	items := make([]list.Item, len(sessions))
	for i, s := range sessions {
		items[i] = pickerItem{s}
	}
	return &Picker{list: newPickList(items, "OpenCode sessions · enter: follow · /: filter · q: quit", "session", "sessions")}
}

// newPickList is the filterable list of the session picker and the server
// list, items named one and many in its status bar.
func newPickList(items []list.Item, title, one, many string) list.Model {
	l := list.New(items, list.NewDefaultDelegate(), 80, 24)
	l.Title = title
	l.SetStatusBarItemName(one, many)
	// The list's own default binds quitting to another key; q and esc are
	// what every view of dstail quits with (esc clears a filter first).
	l.KeyMap.Quit = key.NewBinding(key.WithKeys("q", "esc"), key.WithHelp("q", "quit"))
	return l
}

// pickView shows a list on the alternate screen.
func pickView(l list.Model) tea.View {
	v := tea.NewView(l.View())
	v.AltScreen = true
	return v
}

// Chosen is the session picked with enter, "" when the user quit.
func (p *Picker) Chosen() string { return p.chosen }

func (p *Picker) Init() tea.Cmd { return nil }

func (p *Picker) Update(msg tea.Msg) (tea.Model, tea.Cmd) {
	switch msg := msg.(type) {
	case tea.WindowSizeMsg:
		p.list.SetSize(msg.Width, msg.Height)
		return p, nil
	case PickerChangeMsg:
		return p, p.change(msg)
	case tea.KeyPressMsg:
		if p.list.SettingFilter() {
			break
		}
		switch msg.String() {
		case "enter":
			if it, ok := p.list.SelectedItem().(pickerItem); ok {
				p.chosen = it.s.ID
				return p, tea.Quit
			}
		case "ctrl+c":
			return p, tea.Quit
		}
		if p.escToServers(msg.String()) {
			p.back = true
			return p, tea.Quit
		}
	}
	var cmd tea.Cmd
	p.list, cmd = p.list.Update(msg)
	return p, cmd
}

// change applies a live update; a session not listed yet comes first.
// The list gets a new slice each time: while a filter is set, the list
// filters in a command that reads the slice it had, and SetItem or
// InsertItem would write into that slice under it.
func (p *Picker) change(msg PickerChangeMsg) tea.Cmd {
	items := slices.Clone(p.list.Items())
	for i, it := range items {
		item := it.(pickerItem)
		if item.s.ID != msg.Session.ID {
			continue
		}
		if msg.StatusOnly {
			item.s.Status = msg.Session.Status
		} else {
			status := item.s.Status
			item.s = msg.Session
			item.s.Status = status
		}
		items[i] = item
		return p.list.SetItems(items)
	}
	if msg.StatusOnly {
		return nil
	}
	if msg.Session.Status == "" {
		msg.Session.Status = "idle"
	}
	return p.list.SetItems(append([]list.Item{pickerItem{msg.Session}}, items...))
}

func (p *Picker) View() tea.View { return pickView(p.list) }
