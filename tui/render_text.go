package tui

import (
	"strings"

	"github.com/dstail/dstail/reconcile"
)

// renderText renders a text part as plain wrapped text: the stand-in for
// parts never on screen, and the fallback when Markdown fails.
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

// mdCache holds the Markdown rendering of a text part's settled prefix.
type mdCache struct {
	src   string
	width int
	wrap  bool
	md    *markdown
	lines []string
}

// renderMarkdownText renders a text part as Markdown. Server text is
// sanitised before Markdown sees it, and the rendering is reduced to
// text and SGR styling. While the part streams, only its settled
// paragraphs are Markdown (cached in c); the growing one is plain text.
func renderMarkdownText(st *Styles, o renderOpts, p reconcile.Part, c *mdCache) []string {
	text := clean(p.Text)
	if strings.TrimSpace(text) == "" {
		return renderText(st, o, p)
	}
	settled, tail := text, ""
	if !p.Ended {
		settled, tail = settledSplit(text)
	}
	var out []string
	if p.Incomplete {
		out = append(out, incompleteLine(st, o))
	}
	if strings.TrimSpace(settled) != "" {
		if c.src != settled || c.width != o.Width || c.wrap != o.Wrap || c.md != o.Markdown {
			lines, ok := o.Markdown.render(settled, o.Width, o.Wrap)
			if !ok {
				return renderText(st, o, p)
			}
			*c = mdCache{src: settled, width: o.Width, wrap: o.Wrap, md: o.Markdown, lines: lines}
		}
		out = append(out, c.lines...)
		if strings.TrimSpace(tail) != "" {
			out = append(out, "")
		}
	}
	if strings.TrimSpace(tail) != "" {
		out = append(out, block(tail, o, "", st.Text)...)
	}
	return out
}

// incompleteLine marks a part whose start was streamed before we joined.
func incompleteLine(st *Styles, o renderOpts) string {
	return oneLine("⋯ earlier text not received yet", o.Width, st.Incomplete)
}
