package tui

import (
	"charm.land/bubbles/v2/key"
	"charm.land/bubbles/v2/list"
)

// EscBack makes esc (with no filter applied) leave the picker for the list
// it was opened from, the server list; q still quits. Back reports it.
func (p *Picker) EscBack() {
	p.escBack = true
	p.list.KeyMap.Quit = key.NewBinding(key.WithKeys("q"), key.WithHelp("q", "quit"))
	p.list.Title = "OpenCode sessions · enter: follow · /: filter · esc: servers · q: quit"
}

// Back reports that the user left with esc for the server list.
func (p *Picker) Back() bool { return p.back }

// escToServers reports whether a key press of esc means going back.
func (p *Picker) escToServers(k string) bool {
	return p.escBack && k == "esc" && p.list.FilterState() == list.Unfiltered
}
