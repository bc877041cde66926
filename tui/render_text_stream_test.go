package tui

import (
	"math/rand/v2"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/reconcile"
)

// wholeStreamingText is how a streaming text part looked before it was
// rendered incrementally: the settled part rendered as one Markdown
// document, a blank line, the open block plain. The incremental rendering
// must show the same.
func wholeStreamingText(st *Styles, o renderOpts, text string) []string {
	settled, tail := settledSplit(clean(text))
	var out []string
	if strings.TrimSpace(settled) != "" {
		lines, _ := o.Markdown.render(settled, o.Width, o.Wrap)
		out = append(out, lines...)
		if strings.TrimSpace(tail) != "" {
			out = append(out, "")
		}
	}
	if strings.TrimSpace(tail) != "" {
		out = append(out, block(tail, o, "", st.Text)...)
	}
	return out
}

// settledSplit cuts streaming text after its last complete paragraph
// outside a code fence: the rule textStream applies a line at a time.
func settledSplit(text string) (settled, tail string) {
	inFence, cut := false, 0
	pos := 0
	for _, line := range strings.SplitAfter(text, "\n") {
		pos += len(line)
		trimmed := strings.TrimSpace(line)
		switch {
		case strings.HasPrefix(trimmed, "```") || strings.HasPrefix(trimmed, "~~~"):
			inFence = !inFence
		case trimmed == "" && !inFence && strings.HasSuffix(line, "\n"):
			cut = pos
		}
	}
	return text[:cut], strings.TrimLeft(text[cut:], "\n")
}

// markdownBlocks are blocks of the kinds a model writes, and the ones
// that behave differently next to a neighbour.
var markdownBlocks = []string{
	"A plain paragraph with `code`, **bold**, _emphasis_ and a [link](http://example.com/x).",
	"# Heading one",
	"## Heading two",
	"Setext heading\n===",
	"```go\nfunc main() {}\n\nx := 1\n```",
	"~~~\ncode with ``` inside\n~~~",
	"````\n```\nnested fence\n```\n````",
	"    indented code",
	"- item one\n- item two",
	"- item\n  - nested item",
	"1. first\n2. second",
	"3) third",
	"- loose item",
	"  continuation of an item",
	"> a quote\n> more of it",
	"| a | b |\n|---|---|\n| 1 | 2 |",
	"---",
	"* * *",
	"<div>html</div>",
	"<!-- a comment",
	"still in the comment -->",
	"Term",
	": its definition",
	"- [ ] task\n- [x] done",
	"[ref]: http://example.com/ref",
	"See [ref] here.",
	"Trailing spaces  \nmake a hard break",
	"日本語の段落、幅の広い文字。",
}

// streamInto renders text as it streams in and compares steps with the
// whole rendering: every line end and every every-th byte, or with every 0
// the whole text only.
func streamInto(t *testing.T, st *Styles, o renderOpts, text string, every int) {
	t.Helper()
	var c textStream
	for n := range len(text) + 1 {
		if n < len(text) && (every == 0 || text[n] != '\n' && n%every != 0) {
			continue
		}
		p := reconcile.Part{Type: "text", Text: text[:n]}
		got := renderMarkdownText(st, o, p, &c)
		want := renderText(st, o, p)
		if strings.TrimSpace(text[:n]) != "" {
			want = wholeStreamingText(st, o, text[:n])
		}
		if g, w := ansi.Strip(strings.Join(got, "\n")), ansi.Strip(strings.Join(want, "\n")); g != w {
			t.Fatalf("after %d bytes of %q (width %d):\n--- incremental\n%s\n--- whole\n%s", n, text, o.Width, g, w)
		}
	}
}

// TestStreamingTextMatchesWholeRendering streams every pair of block kinds
// (and then more text) and checks the screen never differs from rendering
// the whole text each frame, as the view did before.
func TestStreamingTextMatchesWholeRendering(t *testing.T) {
	st := DefaultStyles(true)
	o := renderOpts{Width: 50, Wrap: true, Markdown: newMarkdown(true, true)}
	for _, a := range markdownBlocks {
		for _, b := range markdownBlocks {
			streamInto(t, &st, o, a+"\n\n"+b+"\n\nA last paragraph.\n\nstill growing", 0)
		}
	}
}

// TestStreamingTextStylesAndWidths: long mixed answers in every style, at
// several widths, with and without wrapping.
func TestStreamingTextStylesAndWidths(t *testing.T) {
	rng := rand.New(rand.NewPCG(1, 2))
	for _, style := range []struct{ dark, color bool }{{true, true}, {false, true}, {false, false}} {
		st := NewStyles(style.dark, style.color)
		md := newMarkdown(style.dark, style.color)
		for _, o := range []renderOpts{{Width: 118, Wrap: true}, {Width: 30, Wrap: true}, {Width: 40}} {
			o.Markdown = md
			var blocks []string
			for range 16 {
				blocks = append(blocks, markdownBlocks[rng.IntN(len(markdownBlocks))])
			}
			streamInto(t, &st, o, strings.Join(blocks, "\n\n")+"\n\n\n  \ntrailing", 29)
		}
	}
}

// TestStreamingTextRendersOnlyWhatChanged: settled blocks are rendered once
// while the answer grows, again only when the width changes, and text that
// changes other than by growing is taken in afresh.
func TestStreamingTextRendersOnlyWhatChanged(t *testing.T) {
	st := DefaultStyles(true)
	o := renderOpts{Width: 60, Wrap: true, Markdown: newMarkdown(true, true)}
	var c textStream
	text := ""
	for i := range 40 {
		text += "Paragraph " + itoa(i) + " says something.\n\n"
		renderMarkdownText(&st, o, reconcile.Part{Type: "text", Text: text + "open"}, &c)
	}
	if len(c.segs) != 40 {
		t.Fatalf("40 paragraphs make %d segments, want 40", len(c.segs))
	}
	first := &c.segs[0].lines[0]
	renderMarkdownText(&st, o, reconcile.Part{Type: "text", Text: text + "open and more"}, &c)
	if &c.segs[0].lines[0] != first {
		t.Error("a settled block was rendered again while only the open one grew")
	}
	o.Width = 40
	renderMarkdownText(&st, o, reconcile.Part{Type: "text", Text: text + "open and more"}, &c)
	if &c.segs[0].lines[0] == first {
		t.Error("a new width must render the settled blocks again")
	}
	got := renderMarkdownText(&st, o, reconcile.Part{Type: "text", Text: "Replaced.\n\nall of it"}, &c)
	if want := wholeStreamingText(&st, o, "Replaced.\n\nall of it"); ansi.Strip(strings.Join(got, "\n")) != ansi.Strip(strings.Join(want, "\n")) {
		t.Errorf("replaced text: %q, want %q", got, want)
	}
	if len(c.segs) != 1 {
		t.Errorf("replaced text keeps %d segments of the old one", len(c.segs))
	}
}

// TestStreamingTextKeepsTogetherWhatRendersTogether names the cases where
// blocks must be rendered with their neighbour.
func TestStreamingTextKeepsTogetherWhatRendersTogether(t *testing.T) {
	st := DefaultStyles(true)
	o := renderOpts{Width: 60, Wrap: true, Markdown: newMarkdown(true, true)}
	for _, tc := range []struct {
		text string
		segs int
	}{
		{"para\n\n# head\n\npara\n\n", 3},
		{"- a\n\n- b\n\n- c\n\nafter\n\n", 1},
		{"para\n\n    code\n\n", 1},
		{"Term\n\n: definition\n\n", 1},
		{"````\n```\n\ncode\n````\n\npara\n\n", 1},
		{"<!--\n\nhidden\n\n-->\n\npara\n\nmore\n\n", 2},
		{"para\n\nmore\n\n[x]: http://x\n\nlast\n\n", 1},
	} {
		var c textStream
		renderMarkdownText(&st, o, reconcile.Part{Type: "text", Text: tc.text + "open"}, &c)
		if len(c.segs) != tc.segs {
			t.Errorf("%q: %d segments, want %d", tc.text, len(c.segs), tc.segs)
		}
	}
}

// TestGrowingLineWrapsAsWhole grows lines a piece at a time and checks the
// incremental wrapping against wrapping the whole line each time.
func TestGrowingLineWrapsAsWhole(t *testing.T) {
	rng := rand.New(rand.NewPCG(3, 4))
	words := []string{"a", "word", "longer-words", "x", "supercalifragilisticexpialidocious-and-more", "日本語", "👩‍💻", "e\u0301", "  ", "tab", "-", "end.", "\u00a0", "\u3000x", "a\u00a0b", "--", "—dash"}
	style := DefaultStyles(true).Text
	for _, width := range []int{7, 20, 41, 118} {
		for range 12 {
			var g growingLine
			k := textKey{width: width, wrap: true}
			line := ""
			for range 60 {
				w := words[rng.IntN(len(words))]
				cut := rng.IntN(len(w) + 1) // a token may end inside a word
				for _, piece := range []string{w[:cut], w[cut:] + " "[:rng.IntN(2)]} {
					line += piece
					got := g.wrap(line, k, style)
					want := plainRows(line, k, style)
					if strings.Join(got, "\n") != strings.Join(want, "\n") {
						t.Fatalf("width %d, line %q:\n got %q\nwant %q", width, line, got, want)
					}
				}
			}
		}
	}
}
