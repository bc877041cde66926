package tui

import (
	"strings"

	"charm.land/lipgloss/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/sanitize"
)

// renderOpts is what a part renderer needs besides styles and data.
type renderOpts struct {
	Width    int  // cells available; every returned line fits in it
	Expanded bool // show collapsible content in full
	Wrap     bool // wrap long lines instead of truncating them

	Markdown   *markdown // render text parts as Markdown; nil: plain
	Timestamps bool      // show when messages were created
	TimeLayout string    // time.Format layout of timestamps
	ToolLines  int       // head of a finished tool's output shown collapsed: output.ToolHeadLines
	StyleGen   int       // changes with the styles; part of what cached renderings depend on
}

// toolLines follows the line output's rule, so --tool-lines means the
// same in the view and in --plain.
func (o renderOpts) toolLines() int { return output.ToolHeadLines(o.ToolLines) }

const tabWidth = 4

// clean makes server text printable: control sequences go, tabs become
// spaces (a tab has no fixed width, which would break width accounting).
func clean(s string) string {
	s = sanitize.Text(s)
	if strings.Contains(s, "\t") {
		s = strings.ReplaceAll(s, "\t", strings.Repeat(" ", tabWidth))
	}
	return s
}

// cleanLine is clean for one-line contexts.
func cleanLine(s string) string { return sanitize.Line(s) }

// block lays out already-clean text under a prefix: each source line is
// wrapped (or truncated) to the width left after the prefix, styled, and
// the prefix is put in front of every resulting line.
func block(text string, o renderOpts, prefix string, style lipgloss.Style) []string {
	avail := max(1, o.Width-lipgloss.Width(prefix))
	var out []string
	for _, src := range strings.Split(strings.TrimRight(text, "\n"), "\n") {
		for _, l := range wrapLine(src, avail, o.Wrap) {
			out = append(out, fit(prefix+style.Render(l), o.Width))
		}
	}
	return out
}

// wrapLine splits one plain line into pieces no wider than width.
func wrapLine(s string, width int, wrap bool) []string {
	if ansi.StringWidth(s) <= width {
		return []string{s}
	}
	if !wrap {
		return []string{ansi.Truncate(s, width, "…")}
	}
	return wrapLines(s, width)
}

// fit cuts a styled line to width cells, the last guard of the
// "no line wider than the screen" rule.
func fit(line string, width int) string {
	if width <= 0 {
		return ""
	}
	if ansi.StringWidth(line) <= width {
		return line
	}
	return ansi.Truncate(line, width, "")
}

// oneLine renders a single styled line cut to width with an ellipsis.
func oneLine(s string, width int, style lipgloss.Style) string {
	if width <= 0 {
		return ""
	}
	return style.Render(ansi.Truncate(s, width, "…"))
}

// lineCount counts the lines of clean text.
func lineCount(s string) int {
	s = strings.TrimRight(s, "\n")
	if s == "" {
		return 0
	}
	return strings.Count(s, "\n") + 1
}

// plural returns "1 line" / "3 lines".
func plural(n int, word string) string {
	if n == 1 {
		return "1 " + word
	}
	return itoa(n) + " " + word + "s"
}
