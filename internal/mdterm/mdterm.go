// Package mdterm renders Markdown as lines for a terminal: headings,
// emphasis, code, lists, quotes, links, rules and GFM tables and
// strikethrough, parsed by goldmark, styled with SGR sequences only and
// word-wrapped to a width.
//
// Code blocks are shown in one colour, without syntax highlighting: the
// highlighter Markdown renderers usually bring (chroma) registers hundreds
// of lexers and styles at package init, about 10-20 ms of every process
// start, including runs that never draw Markdown (--json, line output).
package mdterm

import (
	"strconv"
	"strings"

	"github.com/charmbracelet/x/ansi"
	"github.com/yuin/goldmark"
	"github.com/yuin/goldmark/ast"
	"github.com/yuin/goldmark/extension"
	east "github.com/yuin/goldmark/extension/ast"
	"github.com/yuin/goldmark/parser"
	"github.com/yuin/goldmark/text"
)

// Theme holds the SGR parameters ("1;38;5;39") of each element; an empty
// one leaves the element unstyled. The zero Theme writes no escape at all.
type Theme struct {
	Heading, Code, CodeBlock, Link, Rule, Quote, TableHeader string
	// Title, when set, draws a level-1 heading as a padded bar in it,
	// without the leading "#".
	Title string
	// Emphasis turns on italic, bold and strikethrough for *, ** and ~~.
	Emphasis bool
}

// Dark is for a dark terminal background, Light for a light one.
var (
	Dark = Theme{Title: "1;38;5;228;48;5;63", Heading: "1;38;5;39", Code: "38;5;203;48;5;236", CodeBlock: "38;5;250",
		Link: "4;38;5;30", Rule: "38;5;240", Quote: "38;5;240", TableHeader: "1", Emphasis: true}
	Light = Theme{Title: "1;38;5;228;48;5;63", Heading: "1;38;5;27", Code: "38;5;203;48;5;254", CodeBlock: "38;5;238",
		Link: "4;38;5;36", Rule: "38;5;248", Quote: "38;5;248", TableHeader: "1", Emphasis: true}
)

// Renderer turns Markdown into lines. It is not safe for concurrent use.
type Renderer struct {
	theme  Theme
	parser parser.Parser
}

// New returns a renderer with theme.
func New(theme Theme) *Renderer {
	md := goldmark.New(goldmark.WithExtensions(extension.Table, extension.Strikethrough))
	return &Renderer{theme: theme, parser: md.Parser()}
}

// Render returns src as lines no wider than width (0: not wrapped; a word
// longer than width is broken). Styles never run across a line end: each
// line closes what it opened and reopens what the previous one left open.
func (r *Renderer) Render(src string, width int) []string {
	source := []byte(src)
	doc := r.parser.Parse(text.NewReader(source))
	b := &blocks{src: source, th: r.theme}
	return carrySGR(b.children(doc, width))
}

// blocks renders block nodes.
type blocks struct {
	src []byte
	th  Theme
}

// children renders the block children of n, a blank line between them
// (none between the items' blocks of a tight list).
func (b *blocks) children(n ast.Node, width int) []string {
	var out []string
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		lines := b.block(c, width)
		if len(lines) == 0 {
			continue
		}
		if len(out) > 0 && !tightItem(n) {
			out = append(out, "")
		}
		out = append(out, lines...)
	}
	return out
}

// tightItem reports a list item of a tight list, whose paragraphs are
// not set apart.
func tightItem(n ast.Node) bool {
	if _, ok := n.(*ast.ListItem); !ok {
		return false
	}
	l, ok := n.Parent().(*ast.List)
	return ok && l.IsTight
}

func (b *blocks) block(n ast.Node, width int) []string {
	switch n := n.(type) {
	case *ast.Heading:
		if n.Level == 1 && b.th.Title != "" {
			return wrap(style(b.th.Title, " "+b.inline(n)+" "), width)
		}
		head := strings.Repeat("#", n.Level) + " " + b.inline(n)
		return wrap(style(b.th.Heading, head), width)
	case *ast.Paragraph, *ast.TextBlock:
		return wrap(b.inline(n), width)
	case *ast.ThematicBreak:
		w := 40
		if width > 0 {
			w = min(w, width)
		}
		return []string{style(b.th.Rule, strings.Repeat("─", w))}
	case *ast.CodeBlock, *ast.FencedCodeBlock, *ast.HTMLBlock:
		return b.code(n)
	case *ast.Blockquote:
		bar := style(b.th.Quote, "│") + " "
		return prefixed(b.children(n, narrower(width, 2)), bar, bar)
	case *ast.List:
		return b.list(n, width)
	case *east.Table:
		return b.table(n, width)
	}
	return b.children(n, width)
}

// code shows a code or HTML block's lines as they are, indented by two.
func (b *blocks) code(n ast.Node) []string {
	var out []string
	lines := n.Lines()
	for i := range lines.Len() {
		seg := lines.At(i)
		line := strings.TrimRight(string(seg.Value(b.src)), "\r\n")
		out = append(out, "  "+style(b.th.CodeBlock, line))
	}
	if h, ok := n.(*ast.HTMLBlock); ok && h.HasClosure() {
		out = append(out, "  "+style(b.th.CodeBlock, strings.TrimRight(string(h.ClosureLine.Value(b.src)), "\r\n")))
	}
	return out
}

// list renders items after "• " or their number, the items' further lines
// indented under the first.
func (b *blocks) list(l *ast.List, width int) []string {
	var out []string
	num := l.Start
	for item := l.FirstChild(); item != nil; item = item.NextSibling() {
		marker := "• "
		if l.IsOrdered() {
			marker = strconv.Itoa(num) + ". "
			num++
		}
		body := b.children(item, narrower(width, len(marker)))
		if len(body) == 0 {
			body = []string{""}
		}
		if len(out) > 0 && !l.IsTight {
			out = append(out, "")
		}
		out = append(out, prefixed(body, marker, strings.Repeat(" ", len(marker)))...)
	}
	return out
}

// prefixed puts first before the first line and rest before the others.
func prefixed(lines []string, first, rest string) []string {
	out := make([]string, len(lines))
	for i, l := range lines {
		p := rest
		if i == 0 {
			p = first
		}
		out[i] = strings.TrimRight(p+l, " ")
	}
	return out
}

func narrower(width, by int) int {
	if width == 0 {
		return 0
	}
	return max(width-by, 1)
}

// wrap breaks s at its own newlines and to width.
func wrap(s string, width int) []string {
	if width > 0 {
		s = ansi.Wrap(s, width, "")
	}
	return strings.Split(s, "\n")
}

// style wraps s in the SGR sequence params and a reset.
func style(params, s string) string {
	if params == "" || s == "" {
		return s
	}
	return "\x1b[" + params + "m" + s + "\x1b[0m"
}
