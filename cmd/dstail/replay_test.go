package main

import (
	"os"
	"path/filepath"
	"strings"
	"testing"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/output"
)

func writeCapture(t *testing.T, text string) string {
	t.Helper()
	path := filepath.Join(t.TempDir(), "capture.ndjson")
	if err := os.WriteFile(path, []byte(text), 0o600); err != nil {
		t.Fatal(err)
	}
	return path
}

const goodEvent = `{"session":"ses_a","id":"evt_1","type":"session.status","data":{"sessionID":"ses_a","status":{"type":"busy"}}}`

func TestReplayRejectsBadCaptures(t *testing.T) {
	tests := []struct {
		name, text, want string
	}{
		{"not json", goodEvent + "\n{oops\n", "capture.ndjson:2: not a dstail --json record"},
		{"not an object", "[1,2]\n", "capture.ndjson:1: not a JSON object"},
		{"neither shape", `{"type":"x","data":{}}` + "\n", "capture.ndjson:1: neither a session event"},
		{"no type", `{"session":"ses_a","data":{}}` + "\n", `capture.ndjson:1: session event without "type"`},
		{"data not object", `{"session":"ses_a","type":"x","data":"s"}` + "\n", `"data" is not an object`},
		{"negative seq", `{"session":"ses_a","seq":-1,"type":"x","data":{}}` + "\n", `negative "seq"`},
		{"fractional seq", `{"session":"ses_a","seq":1.5,"type":"x","data":{}}` + "\n", "capture.ndjson:1: not a dstail --json record"},
		{"mixed", goodEvent + "\n\n" + `{"stream":"http://h/s","offset":"1","data":1}` + "\n", "capture.ndjson:3: a stream message in a session capture"},
		{"stream without offset", `{"stream":"http://h/s","data":1}` + "\n", `capture.ndjson:1: stream message without`},
		{"empty", "\n\n", "holds no records"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errb := runCLI(t, "--replay", writeCapture(t, tt.text), "--plain")
			if code != app.ExitError {
				t.Fatalf("exit %d, want %d; stderr %q", code, app.ExitError, errb)
			}
			if out != "" {
				t.Errorf("stdout %q, want nothing before the error", out)
			}
			lines := strings.Split(strings.TrimSuffix(errb, "\n"), "\n")
			if len(lines) != 1 || !strings.HasPrefix(lines[0], "dstail: ") || !strings.Contains(lines[0], tt.want) {
				t.Errorf("stderr %q, want one line dstail: …%s…", errb, tt.want)
			}
		})
	}
}

func TestReplayUsageErrors(t *testing.T) {
	missing := filepath.Join(t.TempDir(), "nope.ndjson")
	for name, args := range map[string][]string{
		"missing file": {"--replay", missing},
		"with target":  {"--replay", writeCapture(t, goodEvent+"\n"), "ses_a"},
	} {
		t.Run(name, func(t *testing.T) {
			code, out, errb := runCLI(t, args...)
			if code != app.ExitUsage || out != "" || !strings.HasPrefix(errb, "dstail: ") {
				t.Errorf("exit %d, stdout %q, stderr %q; want exit 2 and one error", code, out, errb)
			}
		})
	}
}

func TestReplayTooLongLine(t *testing.T) {
	long := `{"session":"ses_a","type":"x","data":{"pad":"` + strings.Repeat("x", 4096) + `"}}`
	code, _, errb := runCLI(t, "--replay", writeCapture(t, goodEvent+"\n"+long+"\n"), "--max-event-size", "1024", "--json")
	if code != app.ExitError || !strings.Contains(errb, "capture.ndjson:2: line longer than 1024 bytes") {
		t.Errorf("exit %d, stderr %q", code, errb)
	}
}

func TestReplayReadsStdin(t *testing.T) {
	old := stdin
	stdin = strings.NewReader(goodEvent + "\n")
	t.Cleanup(func() { stdin = old })
	code, out, errb := runCLI(t, "--replay", "-", "--json")
	if code != app.ExitOK || out != goodEvent+"\n" {
		t.Errorf("exit %d, stdout %q, stderr %q; want the event back", code, out, errb)
	}
}

// TestReplayStreamCapture checks a Durable Streams capture: --json gives
// the records back unchanged and --plain one line per message.
func TestReplayStreamCapture(t *testing.T) {
	capture := `{"stream":"http://h/v1/stream/orders","offset":"0_10","data":{"n":1}}
{"stream":"http://h/v1/stream/orders","offset":"0_10","data":{"n":2}}
{"stream":"http://h/v1/stream/orders","offset":"0_20","data":"a text line"}
`
	path := writeCapture(t, capture)
	code, out, errb := runCLI(t, "--replay", path, "--json")
	if code != app.ExitOK || out != capture {
		t.Errorf("--json: exit %d, stderr %q, stdout\n%s\nwant\n%s", code, errb, out, capture)
	}
	code, out, _ = runCLI(t, "--replay", path, "--plain")
	if want := "{\"n\":1}\n{\"n\":2}\na text line\n"; code != app.ExitOK || out != want {
		t.Errorf("--plain: exit %d, stdout %q, want %q", code, out, want)
	}
}

// TestReplaySeveralSessions labels each session's lines, as a live run
// following several sessions does.
func TestReplaySeveralSessions(t *testing.T) {
	other := strings.ReplaceAll(goodEvent, "ses_a", "ses_otherone")
	code, out, errb := runCLI(t, "--replay", writeCapture(t, goodEvent+"\n"+other+"\n"), "--plain")
	if code != app.ExitOK {
		t.Fatalf("exit %d, stderr %q", code, errb)
	}
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	if len(lines) != 2 || !strings.Contains(lines[0], output.SessionLabel("ses_a")) || !strings.Contains(lines[1], output.SessionLabel("ses_otherone")) {
		t.Errorf("want one labelled busy line per session, got %q", out)
	}
}
