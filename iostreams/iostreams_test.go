package iostreams

import (
	"testing"

	"github.com/charmbracelet/colorprofile"
)

func TestColorRule(t *testing.T) {
	cases := []struct {
		name string
		mode string
		tty  bool
		env  map[string]string
		want bool
	}{
		{"pipe, auto", ColorAuto, false, nil, false},
		{"terminal, auto", ColorAuto, true, nil, true},
		{"terminal, NO_COLOR", ColorAuto, true, map[string]string{"NO_COLOR": ""}, false},
		{"pipe, CLICOLOR_FORCE", ColorAuto, false, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{"pipe, CLICOLOR_FORCE=0", ColorAuto, false, map[string]string{"CLICOLOR_FORCE": "0"}, false},
		{"NO_COLOR beats CLICOLOR_FORCE", ColorAuto, true, map[string]string{"NO_COLOR": "1", "CLICOLOR_FORCE": "1"}, false},
		{"dumb terminal", ColorAuto, true, map[string]string{"TERM": "dumb"}, false},
		{"always beats NO_COLOR", ColorAlways, false, map[string]string{"NO_COLOR": "1"}, true},
		{"never beats CLICOLOR_FORCE", ColorNever, true, map[string]string{"CLICOLOR_FORCE": "1"}, false},
	}
	for _, c := range cases {
		s, _, _, _ := Test()
		s.SetTTY(false, c.tty, false)
		s.SetEnv(c.env)
		s.SetColorMode(c.mode)
		if got := s.ColorEnabled(); got != c.want {
			t.Errorf("%s: ColorEnabled = %v, want %v", c.name, got, c.want)
		}
	}
}

func TestViewAndPicker(t *testing.T) {
	s, _, _, _ := Test()
	if s.CanView() || s.CanPick() {
		t.Fatal("buffers are no terminal")
	}
	s.SetTTY(false, true, true)
	if !s.CanView() || s.CanPick() {
		t.Fatalf("stdout terminal: CanView %v CanPick %v, want true false", s.CanView(), s.CanPick())
	}
	s.SetTTY(true, true, true)
	if !s.CanPick() {
		t.Fatal("both terminals: CanPick false")
	}
	s.SetEnv(map[string]string{"TERM": "dumb"})
	if s.CanView() {
		t.Fatal("TERM=dumb takes no view")
	}
}

func TestColorProfileOffIsASCII(t *testing.T) {
	s, _, _, _ := Test()
	s.SetTTY(false, true, false)
	s.SetColorMode(ColorNever)
	if p := s.ColorProfile(); p != colorprofile.ASCII {
		t.Fatalf("profile %v, want ASCII", p)
	}
	s.SetColorMode(ColorAlways)
	if p := s.ColorProfile(); p < colorprofile.ANSI {
		t.Fatalf("forced colour: profile %v, want at least ANSI", p)
	}
}
