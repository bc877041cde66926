package tui

import (
	"strings"

	"github.com/dstail/dstail/reconcile"
)

// renderText renders a text part as plain wrapped text. Markdown styling
// is not done yet.
func renderText(st *Styles, o renderOpts, p reconcile.Part) []string {
	var out []string
	if p.Incomplete {
		out = append(out, incompleteLine(st, o))
	}
	text := clean(p.Text)
	if strings.TrimSpace(text) == "" {
		if !p.Ended {
			out = append(out, oneLine("…", o.Width, st.Meta))
		}
		return out
	}
	return append(out, block(text, o, "", st.Text)...)
}

// incompleteLine marks a part whose start was streamed before we joined.
func incompleteLine(st *Styles, o renderOpts) string {
	return oneLine("⋯ earlier text not received yet", o.Width, st.Incomplete)
}
