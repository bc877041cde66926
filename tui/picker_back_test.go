package tui

import (
	"testing"

	tea "charm.land/bubbletea/v2"
)

// TestEscGoesBackAfterClearingSearch: in a view opened from the picker,
// esc first drops an active search (typed or kept), then goes back.
func TestEscGoesBackAfterClearingSearch(t *testing.T) {
	m := newTestRoot(Options{Back: true})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	feedPairs(m, 3)
	esc := tea.KeyPressMsg{Code: tea.KeyEscape}

	send(m, "/", "a")
	if _, cmd := m.Update(esc); cmd != nil && cmd() == tea.Quit() || m.WentBack() || m.search.typing {
		t.Fatal("esc while typing a search should close the search, not go back")
	}
	send(m, "/", "a", "enter")
	if m.search.query == "" {
		t.Fatal("the search should be kept after enter")
	}
	if _, cmd := m.Update(esc); cmd != nil && cmd() == tea.Quit() || m.WentBack() || m.search.query != "" {
		t.Fatal("esc with a kept search should clear it, not go back")
	}
	if _, cmd := m.Update(esc); cmd == nil || cmd() != tea.Quit() || !m.WentBack() {
		t.Fatal("esc without a search should end the view to go back")
	}
}

// TestEscWithoutBackOnlyClears: a view not opened from the picker keeps
// esc for the search.
func TestEscWithoutBackOnlyClears(t *testing.T) {
	m := newTestRoot(Options{})
	m.Update(tea.WindowSizeMsg{Width: 80, Height: 24})
	feedPairs(m, 1)
	if _, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); cmd != nil && cmd() == tea.Quit() || m.WentBack() {
		t.Fatal("esc should not end a view that has nothing to go back to")
	}
	if got := m.help.ShortHelpView(m.keys.ShortHelp()); containsStr(got, "back") {
		t.Errorf("help offers esc back without a list to go back to: %q", got)
	}
}
