package e2eoc

import (
	"maps"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// Texts of the escape scenario: the model answers with terminal escape
// sequences (colour, clear screen, window title) around plain words.
const (
	escScenario = "esc"
	escLead     = "Checking \x1b[2Jthe \x1b]0;pwned\x07config."
	escAnswer   = "The config is \x1b[31mred\x1b[0m and fine."
)

// TestPlainOutputOfToolSession follows a tool session without --json: the
// readable lines show the user text, the streamed answer and the tool
// calls, and never pass an escape byte from the server to the terminal.
func TestPlainOutputOfToolSession(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	s.Mock.Script(escScenario, func(req ocpeer.Request, _ int) ocpeer.Response {
		if req.AfterToolResult() {
			return ocpeer.Text(escAnswer, 10*time.Millisecond)
		}
		return ocpeer.ToolCalls(escLead, 10*time.Millisecond,
			ocpeer.ToolCall{ID: "call_esc_read", Name: "read", Args: map[string]string{"filePath": "opencode.json"}},
			ocpeer.ToolCall{ID: "call_esc_bash", Name: "bash", Args: map[string]string{
				"command": `printf 'tool \033[32mgreen\033[0m out\n'`, "description": "Print \x1b[1mbold\x1b[0m",
			}})
	})
	id := s.CreateSession(t, "")
	p := startDstail(t, nil, id, "--server", s.URL(), "--until-idle", "--no-save")
	p.waitOutput(t, "initial state", 30*time.Second, func(out string) bool { return strings.Contains(out, "● idle") })
	s.Prompt(t, id, ocpeer.Tag(escScenario)+" read the \x1b[5mconfig\x1b[0m please")
	if code := p.wait(t, turnLimit); code != 0 {
		t.Errorf("exit code %d, want 0", code)
	}
	s.WaitIdle(t, id, turnLimit)
	stored, err := reconcile.MessagesFromREST(s.Messages(t, id))
	if err != nil {
		t.Fatal(err)
	}
	if texts := partTexts(stored); !slices.Contains(slices.Collect(maps.Values(texts)), escAnswer) {
		t.Fatalf("the server did not store the escape sequences (texts %q); the check below would prove nothing", texts)
	}
	out := p.stdout.String()
	if i := strings.IndexByte(out, 0x1b); i >= 0 {
		t.Errorf("output has an ESC byte at %d: %q", i, out[max(i-40, 0):min(i+40, len(out))])
	}
	for _, want := range []string{
		"── user ──",
		"SCN:esc read the config please",
		"── assistant · mock/mock-model ──",
		"Checking the config.",
		"The config is red and fine.",
		"✓ read · opencode.json",
		"✓ bash",
		"# Mock title for esc",
	} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q", want)
		}
	}
	if t.Failed() {
		t.Logf("plain output:\n%s", out)
	}
}
