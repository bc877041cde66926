package tui

import (
	"strings"
	"testing"

	tea "charm.land/bubbletea/v2"
)

func isQuit(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	_, ok := cmd().(tea.QuitMsg)
	return ok
}

// A server that needs a password is listed with that mark and cannot be
// opened; enter on a usable one chooses it.
func TestServerListChoosesUsableServers(t *testing.T) {
	m := NewServerList([]PickerServer{
		{URL: "http://10.0.0.1:4096", Name: "locked.local", NeedsPassword: true, Sessions: -1},
		{URL: "http://10.0.0.2:4096", Name: "second.local", Source: "mdns", Version: "1.18.33", Sessions: 3},
	})
	m.Update(tea.WindowSizeMsg{Width: 100, Height: 20})
	view := m.View().Content
	if !strings.Contains(view, "🔒locked.local") || !strings.Contains(view, "needs a password") || !strings.Contains(view, "OpenCode 1.18.33 · 3 sessions") {
		t.Errorf("the list should show the password mark and the version and count:\n%s", view)
	}
	if _, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); isQuit(cmd) || m.Chosen() != -1 {
		t.Fatal("enter on a server that needs a password must not open it")
	}
	m.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	if _, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEnter}); !isQuit(cmd) || m.Chosen() != 1 {
		t.Fatalf("enter should choose the second server, chosen %d", m.Chosen())
	}
}

func TestServerListEscQuits(t *testing.T) {
	m := NewServerList([]PickerServer{{URL: "http://a", Name: "a"}, {URL: "http://b", Name: "b"}})
	_, cmd := m.Update(tea.KeyPressMsg{Code: tea.KeyEscape})
	if !isQuit(cmd) || m.Chosen() != -1 {
		t.Fatal("esc in the server list quits without a choice")
	}
}

// Opened from the server list, the session picker's esc goes back; q quits.
func TestPickerEscBack(t *testing.T) {
	p := NewPicker([]PickerSession{{ID: "ses_1", Title: "one"}})
	p.EscBack()
	if _, cmd := p.Update(tea.KeyPressMsg{Code: 'q', Text: "q"}); !isQuit(cmd) || p.Back() {
		t.Fatal("q should quit, not go back")
	}
	p = NewPicker([]PickerSession{{ID: "ses_1", Title: "one"}})
	p.EscBack()
	if _, cmd := p.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); !isQuit(cmd) || !p.Back() || p.Chosen() != "" {
		t.Fatal("esc should go back to the server list")
	}
	p = NewPicker([]PickerSession{{ID: "ses_1", Title: "one"}})
	if _, cmd := p.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); !isQuit(cmd) || p.Back() {
		t.Fatal("without a server list esc quits as before")
	}
}
