package main

import (
	"strings"
	"testing"

	"github.com/dstail/dstail/app"
)

// toolCapture is a session capture with one finished bash call whose
// output has six lines.
const toolCapture = `{"session":"ses_a","seq":1,"type":"message.part.updated","data":{"part":{"id":"prt_1","messageID":"msg_1","sessionID":"ses_a","type":"tool","tool":"bash","callID":"c1","state":{"status":"completed","input":{"command":"ls"},"title":"ls","output":"out1\nout2\nout3\nout4\nout5\nout6\n","time":{"start":1,"end":2}}}}}
`

// plainToolOutput replays the capture as --plain lines and returns the
// shown output lines and the "more" line.
func plainToolOutput(t *testing.T, args ...string) (shown []string, more string) {
	t.Helper()
	code, out, errb := runCLI(t, append([]string{"--replay", writeCapture(t, toolCapture), "--plain"}, args...)...)
	if code != app.ExitOK {
		t.Fatalf("%v: exit %d, stderr %q", args, code, errb)
	}
	for _, l := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(l, "│ out"):
			shown = append(shown, l)
		case strings.Contains(l, "more line"):
			more = l
		}
	}
	return shown, more
}

// TestToolLinesDrivePlain: --tool-lines, DSTAIL_TOOL_LINES and the config
// file's tool-lines set how much of a tool's output --plain prints.
func TestToolLinesDrivePlain(t *testing.T) {
	useConfig(t, "")
	if shown, more := plainToolOutput(t); len(shown) != 4 || !strings.Contains(more, "2 more") {
		t.Errorf("default: %q %q, want 4 lines and 2 more", shown, more)
	}
	if shown, more := plainToolOutput(t, "--tool-lines", "2"); len(shown) != 2 || !strings.Contains(more, "4 more") {
		t.Errorf("--tool-lines 2: %q %q", shown, more)
	}
	if shown, more := plainToolOutput(t, "--tool-lines=0"); len(shown) != 0 || !strings.Contains(more, "6 more") {
		t.Errorf("--tool-lines 0 should hide the output: %q %q", shown, more)
	}
	useConfig(t, "tool-lines = 1\n")
	if shown, _ := plainToolOutput(t); len(shown) != 1 {
		t.Errorf("config tool-lines = 1: %q", shown)
	}
	t.Setenv("DSTAIL_TOOL_LINES", "6")
	if shown, more := plainToolOutput(t); len(shown) != 6 || more != "" {
		t.Errorf("DSTAIL_TOOL_LINES=6 should beat the file: %q %q", shown, more)
	}
}

func TestToolLinesNegativeIsAUsageError(t *testing.T) {
	for args, want := range map[string]string{"--tool-lines=-1": "-1", "--tool-lines=-3 --plain": "-3"} {
		code, out, errb := runCLI(t, append(strings.Fields(args), "--no-save", "http://127.0.0.1:1/x")...)
		if first := firstLine(errb); code != app.ExitUsage || out != "" || first != "dstail: --tool-lines must be 0 or more (0 hides tool output), got "+want {
			t.Errorf("%s: exit %d, stdout %q, stderr %q", args, code, out, errb)
		}
	}
	t.Setenv("DSTAIL_TOOL_LINES", "-2")
	if code, _, errb := runCLI(t, "--no-save", "http://127.0.0.1:1/x"); code != app.ExitUsage || !strings.Contains(firstLine(errb), "got -2") {
		t.Errorf("DSTAIL_TOOL_LINES=-2: exit %d, %q", code, errb)
	}
}
