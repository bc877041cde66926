package app

import (
	"testing"

	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/output"
)

// TestViewColourDecidedHere: the terminal view obeys what the terminal
// environment decides from --color, NO_COLOR, CLICOLOR_FORCE and TERM; it
// reads no environment of its own.
func TestViewColourDecidedHere(t *testing.T) {
	cases := []struct {
		name, color string
		env         map[string]string
		want        bool
	}{
		{"auto on a terminal", iostreams.ColorAuto, nil, true},
		{"auto with NO_COLOR", iostreams.ColorAuto, map[string]string{"NO_COLOR": ""}, false},
		{"auto with CLICOLOR_FORCE", iostreams.ColorAuto, map[string]string{"CLICOLOR_FORCE": "1"}, true},
		{"auto with TERM=dumb", iostreams.ColorAuto, map[string]string{"TERM": "dumb"}, false},
		{"always beats NO_COLOR", iostreams.ColorAlways, map[string]string{"NO_COLOR": "1"}, true},
		{"never beats CLICOLOR_FORCE", iostreams.ColorNever, map[string]string{"CLICOLOR_FORCE": "1"}, false},
	}
	for _, tc := range cases {
		t.Run(tc.name, func(t *testing.T) {
			io, _, _, _ := iostreams.Test()
			io.SetTTY(false, true, false)
			env := map[string]string{"TERM": "xterm-256color"}
			for k, v := range tc.env {
				env[k] = v
			}
			io.SetEnv(env)
			io.SetColorMode(tc.color)
			if got := viewOptions(&Config{}, io, "http://127.0.0.1:4096").Color; got != tc.want {
				t.Errorf("view colour %v, want %v", got, tc.want)
			}
		})
	}
}

// TestViewTakesToolLines: --tool-lines, parsed into the shared line
// options, reaches the view unchanged, 0 (hide) included.
func TestViewTakesToolLines(t *testing.T) {
	io, _, _, _ := iostreams.Test()
	for _, n := range []int{0, 1, 7} {
		setting, err := output.ParseToolLines(n)
		if err != nil {
			t.Fatal(err)
		}
		got := viewOptions(&Config{Lines: output.LineOptions{ToolLines: setting}}, io, "x").ToolLines
		if got != setting || output.ToolHeadLines(got) != n {
			t.Errorf("--tool-lines %d: view ToolLines %d (shows %d)", n, got, output.ToolHeadLines(got))
		}
	}
}
