package tui

import (
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
	"github.com/charmbracelet/x/exp/golden"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

type renderCase struct {
	name     string
	expanded bool
	markdown bool
	item     item
}

func renderCases() []renderCase {
	part := func(p reconcile.Part) item { return item{kind: kindPart, part: p} }
	msg := func(kind itemKind, m reconcile.Message) item { return item{kind: kind, msg: m} }
	reasoning := reconcile.Part{Type: "reasoning", Text: "First I look at the tests.\nThen at the code.\nThen I answer.", Ended: true}
	patch := reconcile.Part{Type: "patch", Raw: rawJSON(map[string]any{"hash": "abc",
		"files": []string{"/repo/internal/very/long/path/to/a/file/main.go", "/repo/README.md"}})}
	return []renderCase{
		{name: "text", item: part(textPart("p", lorem))},
		{name: "text_markdown", markdown: true, item: part(textPart("p", markdownSample))},
		{name: "text_markdown_streaming", markdown: true, item: part(reconcile.Part{Type: "text",
			Text: "Done paragraph with **bold**.\n\nA paragraph still growi"})},
		{name: "text_streaming_empty", item: part(reconcile.Part{Type: "text"})},
		{name: "text_incomplete", item: part(reconcile.Part{Type: "text", Text: "…rest of the answer", Incomplete: true})},
		{name: "reasoning_collapsed", item: part(reasoning)},
		{name: "reasoning_expanded", expanded: true, item: part(reasoning)},
		{name: "tool_pending", item: part(reconcile.Part{Type: "tool", Tool: &reconcile.ToolCall{Name: "read", Status: "pending"}})},
		{name: "tool_running", item: part(toolPart("t", "running", "", ""))},
		{name: "tool_done_collapsed", item: part(toolPart("t", "completed", "PASS\nok  \tpkg\t0.1s\n", ""))},
		{name: "tool_done_expanded", expanded: true, item: part(toolPart("t", "completed", "PASS\nok  \tpkg\t0.1s\n", ""))},
		{name: "tool_failed", item: part(toolPart("t", "error", "", "File not found: /repo/missing.go"))},
		{name: "step_finish", item: part(reconcile.Part{Type: "step-finish", Raw: rawJSON(map[string]any{"reason": "tool-calls",
			"cost": 0.0123, "tokens": map[string]any{"input": 12345, "output": 678, "reasoning": 90, "cache": map[string]any{"read": 1000}}})})},
		{name: "patch_collapsed", item: part(patch)},
		{name: "patch_expanded", expanded: true, item: part(patch)},
		{name: "file", item: part(reconcile.Part{Type: "file", Raw: rawJSON(map[string]any{"mime": "image/png", "filename": "shot.png", "url": "data:x"})})},
		{name: "other_subtask", item: part(reconcile.Part{Type: "subtask", Raw: rawJSON(map[string]any{"description": "explore the repo"})})},
		{name: "header_user", item: msg(kindHeader, reconcile.Message{Role: "user"})},
		{name: "header_assistant", item: msg(kindHeader, reconcile.Message{Role: "assistant", Agent: "build", ProviderID: "anthropic", ModelID: "claude-x"})},
		{name: "end_aborted", item: msg(kindEnd, reconcile.Message{Role: "assistant", Error: &reconcile.ErrorInfo{Name: "MessageAbortedError", Message: "Aborted"}})},
		{name: "end_error", item: msg(kindEnd, reconcile.Message{Role: "assistant", Error: &reconcile.ErrorInfo{Name: "APIError", Message: "400 Bad Request: the model rejected the request because the context is too long"}})},
		{name: "end_interrupted", item: msg(kindEnd, reconcile.Message{Role: "assistant", Interrupted: true})},
		{name: "stream_json", item: item{kind: kindStream, data: streamEntry{Kind: feed.KindJSON, Data: `{"user": "ada", "n": [1, 2, 3], "note": "a fairly long value that has to wrap on narrow screens"}`}}},
		{name: "stream_binary", item: item{kind: kindStream, data: streamEntry{Kind: feed.KindBytes, Data: "\xff\xfe\x00\x01"}}},
	}
}

// TestRenderers compares every renderer with golden files at three widths
// and checks that no line is wider than the width.
func TestRenderers(t *testing.T) {
	st := DefaultStyles(true)
	for _, tc := range renderCases() {
		for _, width := range []int{40, 80, 120} {
			t.Run(tc.name+"/"+itoa(width), func(t *testing.T) {
				o := renderOpts{Width: width, Expanded: tc.expanded, Wrap: true}
				if tc.markdown {
					o.Markdown = newMarkdown(true, true)
				}
				lines := tc.item.render(&st, o)
				assertFits(t, lines, width)
				golden.RequireEqual(t, ansi.Strip(strings.Join(lines, "\n"))+"\n")
			})
		}
	}
}

// TestRenderersNarrowAndUnwrapped keeps the width rule at tiny widths and
// with wrapping off, where lines are cut instead.
func TestRenderersNarrowAndUnwrapped(t *testing.T) {
	st := DefaultStyles(false)
	for _, tc := range renderCases() {
		for _, width := range []int{1, 5, 13} {
			for _, wrap := range []bool{true, false} {
				lines := tc.item.render(&st, renderOpts{Width: width, Expanded: true, Wrap: wrap, Markdown: newMarkdown(false, true)})
				assertFits(t, lines, width)
			}
		}
	}
}

func TestCollapsedToolShowsTheHeadOfItsOutput(t *testing.T) {
	st := Styles{}
	p := toolPart("t", "completed", "out1\nout2\nout3\nout4\nout5\nout6\n", "")
	render := func(o renderOpts) string { return strings.Join(renderTool(&st, o, p), "\n") }
	collapsed := render(renderOpts{Width: 80, Wrap: true})
	if !strings.Contains(collapsed, "│ out4") || strings.Contains(collapsed, "out5") || !strings.Contains(collapsed, "2 more lines (enter)") {
		t.Errorf("collapsed finished tool = %q", collapsed)
	}
	if got := render(renderOpts{Width: 80, ToolLines: 2}); !strings.Contains(got, "out2") || strings.Contains(got, "out3") || !strings.Contains(got, "4 more lines") {
		t.Errorf("two lines inline = %q", got)
	}
	if got := render(renderOpts{Width: 80, ToolLines: -1}); strings.Contains(got, "out1") || !strings.Contains(got, "6 lines of output") {
		t.Errorf("no lines inline = %q", got)
	}
	if expanded := render(renderOpts{Width: 80, Wrap: true, Expanded: true}); !strings.Contains(expanded, "out6") {
		t.Errorf("expanded tool = %q", expanded)
	}
	p.Tool.Status = "running"
	if got := render(renderOpts{Width: 80}); strings.Contains(got, "out1") {
		t.Errorf("a running tool shows its output inline: %q", got)
	}
}

func TestReasoningShowsHowLongItTook(t *testing.T) {
	p := reconcile.Part{ID: "r", Type: "reasoning", Text: "hmm", Ended: true, Raw: []byte(`{"time":{"start":1000,"end":13500}}`)}
	if got := strings.Join(renderReasoning(&Styles{}, renderOpts{Width: 80}, p), "\n"); !strings.Contains(got, "thought for 13s") {
		t.Errorf("reasoning = %q", got)
	}
}

func assertFits(t *testing.T, lines []string, width int) {
	t.Helper()
	for i, l := range lines {
		if w := ansi.StringWidth(l); w > width {
			t.Errorf("line %d is %d cells wide, limit %d: %q", i, w, width, l)
		}
	}
}

const markdownSample = "## Plan\n\nI will **read** the `main.go` file, then [check the docs](https://example.com/docs).\n\n" +
	"1. run the tests\n2. fix what fails\n\n> a quote\n\n```go\nfunc main() { fmt.Println(\"hi\") }\n```\n\n| a | b |\n|---|---|\n| 1 | 2 |\n"
