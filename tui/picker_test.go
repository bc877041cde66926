package tui

import (
	"fmt"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"
)

func samplePicker() *Picker {
	now := time.Now()
	p := NewPicker([]PickerSession{
		{ID: "ses_b", Title: "second \x1b[31mred", Directory: "/p", Status: "idle", Updated: now},
		{ID: "ses_a", Title: "first", Directory: "/p", Status: "idle", Updated: now.Add(-time.Hour)},
	})
	p.Update(tea.WindowSizeMsg{Width: 100, Height: 30})
	return p
}

func TestPickerEnterChoosesSelected(t *testing.T) {
	p := samplePicker()
	p.Update(tea.KeyPressMsg{Code: tea.KeyDown})
	_, cmd := p.Update(tea.KeyPressMsg{Code: tea.KeyEnter})
	if p.Chosen() != "ses_a" || cmd == nil {
		t.Fatalf("chosen %q (quit cmd %v), want ses_a", p.Chosen(), cmd != nil)
	}
}

func TestPickerLiveStatusAndNewSessions(t *testing.T) {
	p := samplePicker()
	p.Update(PickerChangeMsg{Session: PickerSession{ID: "ses_a", Status: "busy"}, StatusOnly: true})
	p.Update(PickerChangeMsg{Session: PickerSession{ID: "ses_new", Title: "brand new", Directory: "/q"}})
	view := p.View().Content
	if !strings.Contains(view, "● first") {
		t.Errorf("busy session not marked:\n%s", view)
	}
	if !strings.Contains(view, "brand new") {
		t.Errorf("created session not listed:\n%s", view)
	}
	if strings.Contains(view, "\x1b[31mred") {
		t.Error("server text reached the screen unsanitised")
	}
	if items := p.list.Items(); items[0].(pickerItem).s.ID != "ses_new" {
		t.Errorf("new session is not first: %v", items[0])
	}
}

func TestPickerFilterNarrowsList(t *testing.T) {
	p := samplePicker()
	for _, k := range []tea.KeyPressMsg{{Code: '/', Text: "/"}, {Code: 'f', Text: "f"}, {Code: 'i', Text: "i"}, {Code: 'r', Text: "r"}} {
		pickerSend(p, k)
	}
	pickerSend(p, tea.KeyPressMsg{Code: tea.KeyEnter}) // accept the filter
	pickerSend(p, tea.KeyPressMsg{Code: tea.KeyEnter}) // choose
	if p.Chosen() != "ses_a" {
		t.Fatalf("after filtering for \"fir\" chose %q, want ses_a", p.Chosen())
	}
}

// pickerSend updates p and feeds back what its commands produce at once (the
// list filters in a command); commands that wait, like cursor blinks, are
// left alone.
func pickerSend(p *Picker, msg tea.Msg) {
	_, cmd := p.Update(msg)
	pickerRun(p, cmd, 4)
}

func pickerRun(p *Picker, cmd tea.Cmd, depth int) {
	if cmd == nil || depth == 0 {
		return
	}
	out := make(chan tea.Msg, 1)
	go func() { out <- cmd() }()
	select {
	case msg := <-out:
		switch msg := msg.(type) {
		case nil, tea.QuitMsg:
		case tea.BatchMsg:
			for _, c := range msg {
				pickerRun(p, c, depth-1)
			}
		default:
			_, next := p.Update(msg)
			pickerRun(p, next, depth-1)
		}
	case <-time.After(50 * time.Millisecond):
	}
}

// quits reports whether cmd ends the program.
func quits(cmd tea.Cmd) bool {
	if cmd == nil {
		return false
	}
	switch msg := cmd().(type) {
	case tea.QuitMsg:
		return true
	case tea.BatchMsg:
		for _, c := range msg {
			if quits(c) {
				return true
			}
		}
	}
	return false
}

// TestPickerQuitKeys: q and esc leave the picker with nothing chosen; with a
// filter applied, esc first clears it; the help bar names q.
func TestPickerQuitKeys(t *testing.T) {
	for _, k := range []tea.KeyPressMsg{{Code: 'q', Text: "q"}, {Code: tea.KeyEscape}} {
		p := samplePicker()
		if _, cmd := p.Update(k); !quits(cmd) || p.Chosen() != "" {
			t.Errorf("%s: quit %v, chosen %q; want a quit with nothing chosen", k, quits(cmd), p.Chosen())
		}
	}
	p := samplePicker()
	if view := ansi.Strip(p.View().Content); !strings.Contains(view, "q quit") {
		t.Errorf("help bar does not name q:\n%s", view)
	}
	for _, k := range []tea.KeyPressMsg{{Code: '/', Text: "/"}, {Code: 'f', Text: "f"}, {Code: tea.KeyEnter}} {
		pickerSend(p, k)
	}
	if _, cmd := p.Update(tea.KeyPressMsg{Code: tea.KeyEscape}); quits(cmd) {
		t.Error("esc with a filter applied quit instead of clearing the filter")
	}
	if view := p.View().Content; !strings.Contains(view, "second") {
		t.Errorf("esc did not clear the filter:\n%s", view)
	}
}

// Live updates while a filter is set: the list filters in a command that
// reads its item slice, and Bubble Tea runs it in a goroutine beside the
// next update. Under -race this failed while updates wrote into the slice
// in place.
func TestPickerLiveUpdatesWhileFilteredDoNotRace(t *testing.T) {
	p := samplePicker()
	for _, k := range []tea.KeyPressMsg{{Code: '/', Text: "/"}, {Code: 's', Text: "s"}} {
		pickerSend(p, k)
	}
	var wg sync.WaitGroup
	run := func(cmd tea.Cmd) {
		if cmd != nil {
			wg.Go(func() { cmd() })
		}
	}
	for i := range 50 {
		_, cmd := p.Update(PickerChangeMsg{Session: PickerSession{ID: "ses_a", Status: []string{"busy", "idle"}[i%2]}, StatusOnly: true})
		run(cmd)
		if i%10 == 0 {
			_, cmd = p.Update(PickerChangeMsg{Session: PickerSession{ID: fmt.Sprintf("ses_new%d", i), Title: "new"}})
			run(cmd)
		}
	}
	wg.Wait()
	if n := len(p.list.Items()); n != 7 {
		t.Fatalf("%d sessions listed, want the 2 and 5 new ones", n)
	}
}
