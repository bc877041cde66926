package tui

import (
	"encoding/json"
	"sort"
	"strings"

	"charm.land/lipgloss/v2"

	"github.com/dstail/dstail/reconcile"
)

// Tool states as the server names them.
const (
	toolPending   = "pending"
	toolRunning   = "running"
	toolCompleted = "completed"
	toolError     = "error"
)

// renderTool renders a tool call: a state mark, the tool name and a
// one-line summary of its input, then its error (always) and its output
// (a line count while collapsed, the text when expanded).
func renderTool(st *Styles, o renderOpts, p reconcile.Part) []string {
	call := p.Tool
	if call == nil {
		call = &reconcile.ToolCall{}
	}
	mark, markStyle := toolMark(st, call.Status)
	name := cleanLine(call.Name)
	if name == "" {
		name = "tool"
	}
	summary := cleanLine(call.Title)
	if summary == "" {
		summary = inputSummary(call.Input)
	}
	head := markStyle.Render(mark) + " " + st.ToolName.Render(name)
	if summary != "" {
		head += " " + oneLine(summary, o.Width-lipgloss.Width(head)-1, st.ToolInput)
	}
	out := []string{fit(head, o.Width)}
	if call.Status == toolError || call.Error != "" {
		msg := clean(call.Error)
		if strings.TrimSpace(msg) == "" {
			msg = "failed"
		}
		out = append(out, block(msg, o, st.Error.Render("  └ "), st.Error)...)
	}
	output := strings.TrimRight(clean(call.Output), "\n")
	if output == "" {
		return out
	}
	if o.Expanded {
		return append(out, block(output, o, st.Meta.Render("  │ "), st.ToolOutput)...)
	}
	// Collapsed, a finished call shows the shown of its output; enter
	// shows the rest.
	shown := 0
	if call.Status == toolCompleted || call.Status == toolError {
		shown = o.toolLines()
	}
	lines := strings.Split(output, "\n")
	for _, l := range lines[:min(shown, len(lines))] {
		out = append(out, st.Meta.Render("  │ ")+oneLine(l, o.Width-4, st.ToolOutput))
	}
	switch rest := len(lines) - shown; {
	case shown == 0:
		return append(out, oneLine("  └ "+plural(len(lines), "line")+" of output", o.Width, st.Meta))
	case rest > 0:
		return append(out, oneLine("  └ "+plural(rest, "more line")+" (enter)", o.Width, st.Meta))
	}
	return out
}

func toolMark(st *Styles, status string) (string, lipgloss.Style) {
	switch status {
	case toolPending:
		return "○", st.ToolPending
	case toolRunning:
		return "◐", st.ToolRunning
	case toolCompleted:
		return "✓", st.ToolDone
	case toolError:
		return "✗", st.ToolFailed
	}
	return "?", st.ToolPending
}

// summaryKeys are the input fields that best describe a call, in order.
var summaryKeys = []string{"command", "filePath", "path", "pattern", "url", "query", "description", "prompt"}

// inputSummary picks the most telling input field, or lists the fields.
func inputSummary(raw json.RawMessage) string {
	var fields map[string]json.RawMessage
	if json.Unmarshal(raw, &fields) != nil || len(fields) == 0 {
		return ""
	}
	for _, k := range summaryKeys {
		var s string
		if json.Unmarshal(fields[k], &s) == nil && s != "" {
			return cleanLine(s)
		}
	}
	keys := make([]string, 0, len(fields))
	for k := range fields {
		keys = append(keys, k)
	}
	sort.Strings(keys)
	parts := make([]string, 0, len(keys))
	for _, k := range keys {
		parts = append(parts, k+"="+string(fields[k]))
	}
	return cleanLine(strings.Join(parts, " "))
}
