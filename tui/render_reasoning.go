package tui

import (
	"strings"

	"github.com/dstail/dstail/reconcile"
)

// renderReasoning renders a reasoning part dimmed: collapsed it is a
// header with the first line as a preview, expanded the whole text.
func renderReasoning(st *Styles, o renderOpts, p reconcile.Part) []string {
	text := strings.TrimSpace(clean(p.Text))
	n := lineCount(text)
	head := "∴ thinking"
	if !p.Ended {
		head += " …"
	}
	if n > 0 {
		head += " · " + plural(n, "line")
	}
	out := []string{oneLine(head, o.Width, st.Reasoning)}
	if p.Incomplete {
		out = append(out, incompleteLine(st, o))
	}
	if text == "" {
		return out
	}
	if !o.Expanded {
		first, _, _ := strings.Cut(text, "\n")
		return append(out, oneLine("  "+first, o.Width, st.Reasoning))
	}
	return append(out, block(text, o, st.Meta.Render("│ "), st.Reasoning)...)
}
