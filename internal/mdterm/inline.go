package mdterm

import (
	"strings"

	"github.com/yuin/goldmark/ast"
	east "github.com/yuin/goldmark/extension/ast"
)

// inline renders the inline children of n as one string whose only
// newlines are hard line breaks; outer is the SGR parameters n itself is
// drawn in (a heading's), restored after each styled span inside it.
func (b *blocks) inline(n ast.Node) string {
	outer := ""
	if h, ok := n.(*ast.Heading); ok {
		outer = b.th.Heading
		if h.Level == 1 && b.th.Title != "" {
			outer = b.th.Title
		}
	}
	var s strings.Builder
	b.spans(&s, n, outer)
	return s.String()
}

func (b *blocks) spans(s *strings.Builder, n ast.Node, outer string) {
	for c := n.FirstChild(); c != nil; c = c.NextSibling() {
		b.span(s, c, outer)
	}
}

func (b *blocks) span(s *strings.Builder, n ast.Node, outer string) {
	switch n := n.(type) {
	case *ast.Text:
		s.Write(n.Value(b.src))
		switch {
		case n.HardLineBreak():
			s.WriteByte('\n')
		case n.SoftLineBreak():
			s.WriteByte(' ')
		}
	case *ast.String:
		s.Write(n.Value)
	case *ast.CodeSpan:
		code := plainText(n, b.src)
		if b.th.Code == "" {
			s.WriteString(code)
			return
		}
		// Non-breaking padding, so the coloured box never wraps apart.
		b.styled(s, b.th.Code, outer, "\u00a0"+code+"\u00a0")
	case *ast.Emphasis:
		params := "3"
		if n.Level >= 2 {
			params = "1"
		}
		b.nested(s, n, params, outer)
	case *east.Strikethrough:
		b.nested(s, n, "9", outer)
	case *ast.Link:
		label := plainText(n, b.src)
		b.spans(s, n, outer)
		if dest := string(n.Destination); dest != "" && dest != label {
			s.WriteByte(' ')
			b.styled(s, b.th.Link, outer, dest)
		}
	case *ast.AutoLink:
		b.styled(s, b.th.Link, outer, string(n.URL(b.src)))
	case *ast.Image:
		s.WriteString("Image: ")
		b.spans(s, n, outer)
		if dest := string(n.Destination); dest != "" {
			s.WriteByte(' ')
			b.styled(s, b.th.Link, outer, dest)
		}
	case *ast.RawHTML:
		for i := range n.Segments.Len() {
			seg := n.Segments.At(i)
			s.Write(seg.Value(b.src))
		}
	default:
		b.spans(s, n, outer)
	}
}

// nested draws n's children in params (emphasis), when the theme styles
// emphasis at all.
func (b *blocks) nested(s *strings.Builder, n ast.Node, params, outer string) {
	if !b.th.Emphasis {
		b.spans(s, n, outer)
		return
	}
	inner := join(outer, params)
	s.WriteString(sgr(params))
	b.spans(s, n, inner)
	s.WriteString("\x1b[0m" + sgr(outer))
}

// styled writes text in params, then returns to outer.
func (b *blocks) styled(s *strings.Builder, params, outer, text string) {
	if params == "" {
		s.WriteString(text)
		return
	}
	s.WriteString(sgr(join(outer, params)) + text + "\x1b[0m" + sgr(outer))
}

func sgr(params string) string {
	if params == "" {
		return ""
	}
	return "\x1b[" + params + "m"
}

func join(a, b string) string {
	if a == "" || b == "" {
		return a + b
	}
	return a + ";" + b
}

// plainText is the text of n's inline children without styling.
func plainText(n ast.Node, src []byte) string {
	var s strings.Builder
	_ = ast.Walk(n, func(c ast.Node, entering bool) (ast.WalkStatus, error) {
		if !entering {
			return ast.WalkContinue, nil
		}
		switch c := c.(type) {
		case *ast.Text:
			s.Write(c.Value(src))
			if c.SoftLineBreak() {
				s.WriteByte(' ')
			}
		case *ast.String:
			s.Write(c.Value)
		}
		return ast.WalkContinue, nil
	})
	return s.String()
}
