package ocpeer

import (
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Built-in scenarios, selected by Tag(name) in a prompt.
const (
	ScnPlain     = "plain"   // PlainText, word by word
	ScnReasoning = "reason"  // ReasoningText as reasoning_content, then ReasonedText
	ScnTool      = "tool"    // tool calls (read ok, read missing, bash), then ToolSummaryText
	ScnError     = "error"   // ErrorFailures retryable errors, then RecoveredText
	ScnFail      = "fail"    // 429, 500, then a non-retryable 400: the turn fails
	ScnSlow      = "slow"    // SlowWords words SlowDelay apart (abort, kill, late join)
	ScnBig       = "big"     // BigTokens tokens without any pause
	ScnSubtask   = "subtask" // a task tool call starting a subagent (child prompt uses plain)
	ScnPerm      = "perm"    // a read of MockConfig.OutsideFile, which asks for permission
)

// Texts of the built-in scenarios, so tests can compare exactly.
const (
	PlainText       = "Hello from the mock model. This is a streamed answer with several tokens."
	ReasoningText   = "Let me think about this. The user wants a short answer, so I will keep it brief."
	ReasonedText    = "After thinking: the answer is 42."
	ToolLeadText    = "Let me check."
	ToolSummaryText = "I read the config, the second file is missing, and the command printed hello-from-tool."
	RecoveredText   = "Recovered after the provider errors."
	SubtaskText     = "The subagent finished its work."
	PermText        = "Done reading the outside file."
	// ToolOutputFile is written into the project directory by the tool scenario.
	ToolOutputFile = "tool-output.txt"
)

// Tag returns the marker that selects a scenario, e.g. Tag(ScnPlain)+" hi".
func Tag(scenario string) string { return "SCN:" + scenario }

// MockConfig tunes the built-in scenarios. Zero fields take the defaults; a
// negative delay means no pause at all.
type MockConfig struct {
	WordDelay     time.Duration // pause per word of plain/reason/tool/... answers (50ms)
	SlowWords     int           // length of the slow answer (80)
	SlowDelay     time.Duration // pause per slow word (200ms)
	BigTokens     int           // length of the big answer (5000)
	ErrorFailures int           // failing requests before the error scenario succeeds (1)
	ErrorStatus   int           // status of those failures, retried by OpenCode (500)
	OutsideFile   string        // file read by the perm scenario; Start sets one outside the project
}

func (c MockConfig) withDefaults() MockConfig {
	c.WordDelay = durationOr(c.WordDelay, 50*time.Millisecond)
	c.SlowDelay = durationOr(c.SlowDelay, 200*time.Millisecond)
	if c.SlowWords <= 0 {
		c.SlowWords = 80
	}
	if c.BigTokens <= 0 {
		c.BigTokens = 5000
	}
	if c.ErrorFailures <= 0 {
		c.ErrorFailures = 1
	}
	if c.ErrorStatus == 0 {
		c.ErrorStatus = http.StatusInternalServerError
	}
	return c
}

func durationOr(d, def time.Duration) time.Duration {
	switch {
	case d < 0:
		return 0
	case d == 0:
		return def
	}
	return d
}

// SlowText is the answer of the slow scenario for a word count.
func SlowText(words int) string { return numberedWords("word", words) }

// BigText is the answer of the big scenario for a token count.
func BigText(tokens int) string { return numberedWords("tok", tokens) }

func numberedWords(prefix string, n int) string {
	words := make([]string, n)
	for i := range words {
		words[i] = fmt.Sprintf("%s%02d", prefix, i)
	}
	return strings.Join(words, " ")
}

func (m *Mock) installDefaults() {
	c := m.cfg
	m.scripts[ScnPlain] = func(Request, int) Response {
		return Response{Chunks: Words(PlainText, c.WordDelay), Usage: &Usage{Prompt: 100, Completion: 14}}
	}
	m.scripts[ScnReasoning] = func(Request, int) Response {
		chunks := append(ReasoningWords(ReasoningText, c.WordDelay), Words(ReasonedText, c.WordDelay)...)
		return Response{Chunks: chunks, Usage: &Usage{Prompt: 120, Completion: 30, Reasoning: 17}}
	}
	m.scripts[ScnTool] = func(req Request, _ int) Response {
		if req.AfterToolResult() {
			return Text(ToolSummaryText, c.WordDelay)
		}
		return ToolCalls(ToolLeadText, c.WordDelay,
			ToolCall{ID: "call_read_ok", Name: "read", Args: map[string]string{"filePath": "opencode.json"}},
			ToolCall{ID: "call_read_missing", Name: "read", Args: map[string]string{"filePath": "does-not-exist.txt"}},
			ToolCall{ID: "call_bash", Name: "bash", Args: map[string]string{
				"command":     "echo hello-from-tool > " + ToolOutputFile + " && cat " + ToolOutputFile,
				"description": "Write and show a file",
			}},
		)
	}
	m.scripts[ScnError] = func(_ Request, n int) Response {
		if n <= c.ErrorFailures {
			return Failure(c.ErrorStatus, fmt.Sprintf("mock failure %d of %d", n, c.ErrorFailures), time.Second)
		}
		return Text(RecoveredText, c.WordDelay)
	}
	m.scripts[ScnFail] = func(_ Request, n int) Response {
		switch n {
		case 1:
			return Failure(http.StatusTooManyRequests, "mock rate limit: slow down", time.Second)
		case 2:
			return Failure(http.StatusInternalServerError, "mock internal server error", time.Second)
		}
		return Failure(http.StatusBadRequest, "mock bad request: this model refuses (non-retryable)", 0)
	}
	m.scripts[ScnSlow] = func(Request, int) Response { return Text(SlowText(c.SlowWords), c.SlowDelay) }
	m.scripts[ScnBig] = func(Request, int) Response { return Text(BigText(c.BigTokens), 0) }
	m.scripts[ScnSubtask] = func(req Request, _ int) Response {
		if req.AfterToolResult() {
			return Text(SubtaskText, c.WordDelay)
		}
		return ToolCalls("", 0, ToolCall{ID: "call_task", Name: "task", Args: map[string]string{
			"description": "Child work", "prompt": Tag(ScnPlain) + " Do the child work.", "subagent_type": "general",
		}})
	}
	m.scripts[ScnPerm] = func(req Request, _ int) Response {
		if req.AfterToolResult() {
			return Text(PermText, c.WordDelay)
		}
		return ToolCalls("", 0, ToolCall{ID: "call_ext", Name: "read", Args: map[string]string{"filePath": c.OutsideFile}})
	}
}
