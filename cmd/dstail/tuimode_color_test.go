package main

import "testing"

// TestViewColourDecidedHere: the terminal view obeys what the command
// decides from --color, NO_COLOR, CLICOLOR_FORCE and TERM; it reads no
// environment of its own.
func TestViewColourDecidedHere(t *testing.T) {
	cases := []struct {
		name, color string
		env         map[string]string
		want        bool
	}{
		{"auto on a terminal", colorAuto, nil, true},
		{"auto with NO_COLOR", colorAuto, map[string]string{"NO_COLOR": ""}, false},
		{"auto with CLICOLOR_FORCE", colorAuto, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{"auto with TERM=dumb", colorAuto, map[string]string{"TERM": "dumb"}, false},
		{"always beats NO_COLOR", colorAlways, map[string]string{"NO_COLOR": "1"}, true},
		{"never beats CLICOLOR_FORCE", colorNever, map[string]string{"CLICOLOR_FORCE": "1"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			t.Setenv("TERM", "xterm-256color")
			for k, v := range tc.env {
				t.Setenv(k, v)
			}
			if got := tuiOptions(&options{color: tc.color}, "http://127.0.0.1:4096").Color; got != tc.want {
				t.Errorf("view colour %v, want %v", got, tc.want)
			}
		})
	}
}
