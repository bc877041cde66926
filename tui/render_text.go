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

// renderMarkdownText renders a text part as Markdown. Server text is
// sanitised before Markdown sees it, and the rendering is reduced to
// text and SGR styling. While the part streams, only its settled blocks
// are Markdown and the growing one is plain text; c keeps what complete
// lines made (textStream), so a token costs what it changed.
func renderMarkdownText(st *Styles, o renderOpts, p reconcile.Part, c *textStream) []string {
	if !p.Ended {
		return renderStreamingText(st, o, p, c)
	}
	*c = textStream{whole: c.whole} // the streaming state is done with
	text := clean(p.Text)
	if strings.TrimSpace(text) == "" {
		return renderText(st, o, p)
	}
	var out []string
	if p.Incomplete {
		out = append(out, incompleteLine(st, o))
	}
	w := &c.whole
	if w.src != text || w.key != o.textKey() || w.lines == nil {
		lines, ok := o.Markdown.render(text, o.Width, o.Wrap)
		if !ok {
			return renderText(st, o, p)
		}
		*w = mdWhole{src: text, key: o.textKey(), lines: lines}
	}
	return append(out, w.lines...)
}

func renderStreamingText(st *Styles, o renderOpts, p reconcile.Part, c *textStream) []string {
	incomplete := c.update(p.Text)
	if len(c.segs) == 0 && len(c.open) == 0 && strings.TrimSpace(incomplete) == "" {
		return renderText(st, o, p) // only blank text so far
	}
	var head []string
	if p.Incomplete {
		head = append(head, incompleteLine(st, o))
	}
	out, ok := c.render(st, o, head, incomplete)
	if !ok {
		return renderText(st, o, p)
	}
	return out
}

// incompleteLine marks a part whose start was streamed before we joined.
func incompleteLine(st *Styles, o renderOpts) string {
	return oneLine("⋯ earlier text not received yet", o.Width, st.Incomplete)
}
