package mdterm

import (
	"strings"

	"github.com/charmbracelet/x/ansi"
	east "github.com/yuin/goldmark/extension/ast"
)

// table lays a GFM table out in columns divided by "│", the header row
// underlined by "─┼─". A table wider than width is shown one row per line
// instead, its cells divided by " │ " and wrapped.
func (b *blocks) table(t *east.Table, width int) []string {
	var rows [][]string
	for row := t.FirstChild(); row != nil; row = row.NextSibling() {
		var cells []string
		for cell := row.FirstChild(); cell != nil; cell = cell.NextSibling() {
			cells = append(cells, strings.ReplaceAll(b.inline(cell), "\n", " "))
		}
		rows = append(rows, cells)
	}
	if len(rows) == 0 {
		return nil
	}
	cols := 0
	for _, r := range rows {
		cols = max(cols, len(r))
	}
	widths := make([]int, cols)
	for _, r := range rows {
		for i, c := range r {
			widths[i] = max(widths[i], ansi.StringWidth(c))
		}
	}
	total := 3*cols - 1 // " cell " per column and the bars between them
	for _, w := range widths {
		total += w
	}
	var out []string
	if width > 0 && total > width {
		for i, r := range rows {
			out = append(out, wrap(b.headerStyle(i, t, strings.Join(r, " │ ")), width)...)
		}
		return out
	}
	for i, r := range rows {
		var line strings.Builder
		for j := range cols {
			cell := ""
			if j < len(r) {
				cell = r[j]
			}
			if j > 0 {
				line.WriteString("│")
			}
			line.WriteString(" " + cell + strings.Repeat(" ", widths[j]-ansi.StringWidth(cell)) + " ")
		}
		out = append(out, strings.TrimRight(b.headerStyle(i, t, line.String()), " "))
		if _, ok := t.FirstChild().(*east.TableHeader); ok && i == 0 {
			var rule []string
			for _, w := range widths {
				rule = append(rule, strings.Repeat("─", w+2))
			}
			out = append(out, strings.Join(rule, "┼"))
		}
	}
	return out
}

// headerStyle draws the header row (row 0 of a table that has one).
func (b *blocks) headerStyle(row int, t *east.Table, s string) string {
	if _, ok := t.FirstChild().(*east.TableHeader); ok && row == 0 {
		return style(b.th.TableHeader, s)
	}
	return s
}
