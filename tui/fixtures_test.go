package tui

import (
	"encoding/json"
	"fmt"
	"strings"

	"github.com/dstail/dstail/reconcile"
)

// hostile is server text that tries to move the cursor, ring the bell,
// retitle the window and use 8-bit CSI.
const hostile = "evil\x1b[2J\x1b]0;pwned\x07\x1b[31mred\x07bell\x9b31mC1\rCR\x1b]8;;http://x\x1b\\link\x1b]8;;\x1b\\"

const lorem = "The quick brown fox jumps over the lazy dog while the agent reads\tfiles, " +
	"runs commands and explains what it found in plain words.\nSecond line: 日本語のテキストも折り返す。"

func rawJSON(v any) json.RawMessage {
	b, _ := json.Marshal(v)
	return b
}

func textPart(id, text string) reconcile.Part {
	return reconcile.Part{ID: id, MessageID: "msg", Type: "text", Text: text, Ended: true}
}

func toolPart(id, status, output, errText string) reconcile.Part {
	return reconcile.Part{ID: id, MessageID: "msg", Type: "tool", Ended: status == "completed" || status == "error",
		Tool: &reconcile.ToolCall{Name: "bash", Status: status,
			Input:  rawJSON(map[string]any{"command": "go test ./... && echo done", "timeout": 120}),
			Output: output, Error: errText}}
}

// conversation builds n message pairs: a user prompt and an assistant
// answer with reasoning, a tool call, text and a step end.
func conversation(n int) []reconcile.Message {
	var msgs []reconcile.Message
	for i := range n {
		uid, aid := fmt.Sprintf("msg_%06d_a", i), fmt.Sprintf("msg_%06d_b", i)
		msgs = append(msgs, reconcile.Message{ID: uid, Role: "user", Completed: 1,
			Parts: []reconcile.Part{textPart(uid+"_p", fmt.Sprintf("question %d: what does the code do?", i))}})
		msgs = append(msgs, reconcile.Message{ID: aid, Role: "assistant", Agent: "build", ProviderID: "mock",
			ModelID: "m1", Completed: 2, Cost: 0.001, Tokens: reconcile.Tokens{Input: 100, Output: 20},
			Parts: []reconcile.Part{
				{ID: aid + "_1", Type: "reasoning", Text: "Let me think.\nIt reads files.", Ended: true},
				toolPart(aid+"_2", "completed", strings.Repeat("ok line\n", 5), ""),
				textPart(aid+"_3", fmt.Sprintf("answer %d: %s", i, lorem)),
				{ID: aid + "_4", Type: "step-finish", Raw: rawJSON(map[string]any{"reason": "stop", "cost": 0.001,
					"tokens": map[string]any{"input": 100, "output": 20}})},
			}})
	}
	return msgs
}

func containsStr(s, sub string) bool { return strings.Contains(s, sub) }
