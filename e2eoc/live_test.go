package e2eoc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

const (
	// turnLimit bounds one turn of the mock (the fail scenario waits out
	// two Retry-After seconds).
	turnLimit = 60 * time.Second
	// exitLag is how long after the turn's last stored change --until-idle
	// may take to exit: generous, it only catches a run that hangs on.
	exitLag = 15 * time.Second
)

// TestUntilIdleFollowsTurn starts `--json --until-idle` before the prompt
// and checks the exit code, that the answer streamed, and that the output
// folds to exactly what the server stores.
func TestUntilIdleFollowsTurn(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name      string
		prompt    string
		abort     bool   // abort the turn once some text streamed
		wantCode  int    // dstail's exit code
		wantType  string // an event type that must appear, besides deltas
		wantRetry bool   // a session.status of type retry must appear
		wantText  []string
		silent    bool // the turn fails before any text streams
		project   int  // of the shared server
	}{
		{name: "plain", prompt: ocpeer.Tag(ocpeer.ScnPlain) + " hi",
			wantText: []string{ocpeer.PlainText}},
		{name: "reasoning", prompt: ocpeer.Tag(ocpeer.ScnReasoning) + " think",
			wantText: []string{ocpeer.ReasoningText, ocpeer.ReasonedText}},
		{name: "tool", prompt: ocpeer.Tag(ocpeer.ScnTool) + " use tools", project: projectTools,
			wantType: reconcile.TypePartUpdated, wantText: []string{ocpeer.ToolLeadText, ocpeer.ToolSummaryText}},
		{name: "retry then ok", prompt: ocpeer.Tag(ocpeer.ScnError+".live") + " retry",
			wantRetry: true, wantText: []string{ocpeer.RecoveredText}},
		{name: "fail", prompt: ocpeer.Tag(ocpeer.ScnFail+".live") + " fail", wantCode: 4,
			wantType: reconcile.TypeSessionError, wantRetry: true, silent: true},
		{name: "abort", prompt: ocpeer.Tag(ocpeer.ScnSlow) + " long", abort: true, wantCode: 4,
			wantType: reconcile.TypeSessionError},
	}
	s := sharedServer(t)
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			id := s.CreateSession(t, s.Dirs()[tc.project])
			p := startDstail(t, nil, id, "--server", s.URL(), "--json", "--until-idle", "--no-save")
			p.waitOutput(t, "initial state", 30*time.Second, hasType(reconcile.TypeSessionStatus))
			s.Prompt(t, id, tc.prompt)
			if tc.abort {
				p.waitOutput(t, "5 deltas", turnLimit, hasTypeN(reconcile.TypePartDelta, 5))
				s.Abort(t, id)
			}
			code := p.wait(t, turnLimit)
			s.WaitIdle(t, id, turnLimit)
			if code != tc.wantCode {
				t.Errorf("exit code %d, want %d", code, tc.wantCode)
			}
			lines := parseLines(t, id, p.stdout.String())
			msgs := assertFoldEqualsServer(t, s, id, lines)
			assertExitedAfterTurn(t, p, msgs)
			if tc.wantType != "" && countType(lines, tc.wantType) == 0 {
				t.Errorf("no %s line in the output", tc.wantType)
			}
			if tc.wantRetry && !hasRetryStatus(lines) {
				t.Error("no session.status of type retry in the output")
			}
			assertTexts(t, msgs, tc.wantText)
			if !tc.silent {
				assertStreamed(t, lines, msgs)
			}
		})
	}
}

// hasType is a waitOutput condition: a line of type typ was printed.
func hasType(typ string) func(string) bool { return hasTypeN(typ, 1) }

func hasTypeN(typ string, n int) func(string) bool {
	needle := `,"type":"` + typ + `"`
	return func(out string) bool { return strings.Count(out, needle) >= n }
}

func hasRetryStatus(lines []jsonLine) bool {
	for _, l := range lines {
		var d struct {
			Status struct {
				Type string `json:"type"`
			} `json:"status"`
		}
		if l.Type == reconcile.TypeSessionStatus && json.Unmarshal(l.Data, &d) == nil && d.Status.Type == "retry" {
			return true
		}
	}
	return false
}

// assertStreamed checks that text came as deltas, each exactly once: per
// part, the deltas joined equal the part's final text.
func assertStreamed(t *testing.T, lines []jsonLine, msgs []reconcile.Message) {
	t.Helper()
	streamed := deltaText(t, lines)
	if len(streamed) == 0 {
		t.Fatal("no message.part.delta in the output: the answer did not stream")
	}
	final := partTexts(msgs)
	for partID, text := range streamed {
		if want, ok := final[partID]; ok && text != want {
			t.Errorf("part %s: deltas join to %q, final text %q", partID, text, want)
		}
	}
}

// assertTexts checks that each text is the text of some ended part.
func assertTexts(t *testing.T, msgs []reconcile.Message, want []string) {
	t.Helper()
	have := map[string]bool{}
	for _, text := range partTexts(msgs) {
		have[text] = true
	}
	for _, w := range want {
		if !have[w] {
			t.Errorf("no part with text %q in the folded output", w)
		}
	}
}

// assertExitedAfterTurn checks that --until-idle ended soon after the last
// assistant message was completed (by the server's clock).
func assertExitedAfterTurn(t *testing.T, p *proc, msgs []reconcile.Message) {
	t.Helper()
	var completed int64
	for _, m := range msgs {
		if m.Role == "assistant" {
			completed = max(completed, m.Completed)
		}
	}
	if completed == 0 {
		t.Error("no completed assistant message in the folded output")
		return
	}
	if lag := p.ended.Sub(time.UnixMilli(completed)); lag > exitLag || lag < -time.Second {
		t.Errorf("dstail exited %v after the turn was completed, want within %v", lag, exitLag)
	}
}
