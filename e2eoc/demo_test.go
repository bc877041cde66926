package e2eoc

import (
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/demo"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
)

// demoSpeed plays the 9.5 s recording in about half a second (plus the
// one-second outage the demo always keeps).
const demoSpeed = "20"

// recordedDemo is the built-in recording and the final message list the
// real server gave when it was recorded.
func recordedDemo(t *testing.T) (*demo.Recording, []reconcile.Message) {
	t.Helper()
	rec, err := demo.Builtin()
	if err != nil {
		t.Fatal(err)
	}
	data, err := os.ReadFile(filepath.Join("..", "demo", "testdata", "rest.json"))
	if err != nil {
		t.Fatal(err)
	}
	var rest struct {
		Messages json.RawMessage `json:"messages"`
	}
	if err := json.Unmarshal(data, &rest); err != nil {
		t.Fatal(err)
	}
	msgs, err := reconcile.MessagesFromREST(rest.Messages)
	if err != nil {
		t.Fatal(err)
	}
	return rec, msgs
}

// TestDemoJSONFoldsToTheRecordedSession runs `dstail demo --json` with no
// server around: it ends by itself, reconnects once, and its lines fold to
// the session the real server stored, each streamed delta exactly once.
func TestDemoJSONFoldsToTheRecordedSession(t *testing.T) {
	t.Parallel()
	rec, want := recordedDemo(t)
	p := startDstail(t, nil, "demo", "--json", "--speed", demoSpeed)
	if code := p.wait(t, 60*time.Second); code != 0 {
		t.Fatalf("exit %d, want 0; stderr:\n%s", code, p.stderr.String())
	}
	lines := parseLines(t, rec.Session, p.stdout.String())
	got := fold(rec.Session, lines).Messages()
	if diffs := reconcile.CompareMessages(got, want); len(diffs) > 0 {
		t.Errorf("folded output differs from the recorded server state:\n%s", strings.Join(diffs, "\n"))
	}
	assertStreamed(t, lines, got)
	if n := len(deltaText(t, lines)); n < 3 {
		t.Errorf("%d parts streamed, want the reasoning, the lead-in and the answer", n)
	}
	if stderr := p.stderr.String(); strings.Count(stderr, "reconnected") != 1 || !strings.Contains(stderr, "unexpected EOF") {
		t.Errorf("want one dropped connection and one reconnect on stderr, got:\n%s", stderr)
	}
	assertNoState(t, p)
}

// TestDemoPlainShowsEveryTextOnce runs `dstail demo --plain`: every text
// of the session appears exactly once, and replaying a --json capture of
// the demo prints the same lines.
func TestDemoPlainShowsEveryTextOnce(t *testing.T) {
	t.Parallel()
	_, want := recordedDemo(t)
	plain := startDstail(t, nil, "demo", "--plain", "--speed", demoSpeed, "-q")
	capture := startDstail(t, nil, "demo", "--json", "--speed", demoSpeed, "-q")
	for _, p := range []*proc{plain, capture} {
		if code := p.wait(t, 60*time.Second); code != 0 {
			t.Fatalf("dstail %v: exit %d; stderr:\n%s", p.args, code, p.stderr.String())
		}
	}
	out := plain.stdout.String()
	texts := partTexts(want)
	if len(texts) < 4 {
		t.Fatalf("the recording has %d texts", len(texts))
	}
	for _, text := range texts {
		if n := strings.Count(out, sanitize.Text(text)); n != 1 {
			t.Errorf("text %.60q appears %d times in the --plain output, want once", text, n)
		}
	}
	if plain.stderr.String() != "" {
		t.Errorf("-q still printed notices: %s", plain.stderr.String())
	}

	path := filepath.Join(t.TempDir(), "demo.ndjson")
	if err := os.WriteFile(path, []byte(capture.stdout.String()), 0o600); err != nil {
		t.Fatal(err)
	}
	replay := startDstail(t, nil, "--replay", path, "--plain")
	if code := replay.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("--replay: exit %d; stderr:\n%s", code, replay.stderr.String())
	}
	if replay.stdout.String() != out {
		t.Errorf("--replay of a --json capture differs from the --plain run:\n--- replay\n%s\n--- live\n%s", replay.stdout.String(), out)
	}
}

// assertNoState checks that a run left its XDG_STATE_HOME empty.
func assertNoState(t *testing.T, p *proc) {
	t.Helper()
	home := ""
	for _, kv := range p.cmd.Env {
		if v, ok := strings.CutPrefix(kv, "XDG_STATE_HOME="); ok {
			home = v
		}
	}
	entries, err := os.ReadDir(home)
	if home == "" || err != nil || len(entries) > 0 {
		t.Errorf("dstail %v wrote state into %q (%v, %d entries); it must not", p.args, home, err, len(entries))
	}
}
