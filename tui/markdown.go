package tui

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"charm.land/glamour/v2"
	gansi "charm.land/glamour/v2/ansi"
	"charm.land/glamour/v2/styles"
	"github.com/charmbracelet/x/ansi"
)

// markdown renders text parts with glamour, one renderer per width. It
// is only used from the UI goroutine.
type markdown struct {
	style   gansi.StyleConfig
	byWidth map[int]*glamour.TermRenderer
}

// newMarkdown picks glamour's dark, light or colourless style, without the
// document margin: the conversation has its own layout.
func newMarkdown(dark, color bool) *markdown {
	style := styles.NoTTYStyleConfig
	switch {
	case color && dark:
		style = styles.DarkStyleConfig
	case color:
		style = styles.LightStyleConfig
	}
	var zero uint
	style.Document.Margin = &zero
	style.Document.BlockPrefix, style.Document.BlockSuffix = "", ""
	return &markdown{style: style, byWidth: map[int]*glamour.TermRenderer{}}
}

// render turns clean text into lines no wider than width, wrapped or cut;
// ok is false when glamour fails, and the caller shows the text plain.
func (md *markdown) render(text string, width int, wrap bool) (lines []string, ok bool) {
	wrapAt := width
	if !wrap {
		wrapAt = 0 // glamour does not wrap; fit cuts the lines below
	}
	r := md.byWidth[wrapAt]
	if r == nil {
		var err error
		r, err = glamour.NewTermRenderer(glamour.WithStyles(md.style), glamour.WithWordWrap(wrapAt))
		if err != nil {
			return nil, false
		}
		md.byWidth[wrapAt] = r
	}
	out, err := r.Render(neutralizeEntities(text))
	if err != nil {
		return nil, false
	}
	for _, l := range strings.Split(onlySGR(out), "\n") {
		lines = append(lines, fit(trimRightSpace(l), width))
	}
	for len(lines) > 0 && ansi.Strip(lines[0]) == "" {
		lines = lines[1:]
	}
	for len(lines) > 0 && ansi.Strip(lines[len(lines)-1]) == "" {
		lines = lines[:len(lines)-1]
	}
	return lines, true
}

// entity matches numeric character references, which Markdown decodes:
// "&#27;" would otherwise become a raw ESC after sanitising.
var entity = regexp.MustCompile(`&#([0-9]{1,8}|[xX][0-9a-fA-F]{1,7});`)

// neutralizeEntities replaces references to control characters with U+FFFD
// before glamour sees them.
func neutralizeEntities(s string) string {
	if !strings.Contains(s, "&#") {
		return s
	}
	return entity.ReplaceAllStringFunc(s, func(ref string) string {
		num := ref[2 : len(ref)-1]
		base := 10
		if num[0] == 'x' || num[0] == 'X' {
			num, base = num[1:], 16
		}
		n, err := strconv.ParseUint(num, base, 32)
		if err != nil || controlRune(rune(n)) {
			return "\uFFFD"
		}
		return ref
	})
}

func controlRune(r rune) bool {
	return (r < 0x20 && r != '\n' && r != '\t') || (r >= 0x7f && r <= 0x9f)
}

var sgrSeq = regexp.MustCompile("^\x1b\\[[0-9;:]*m$")

// onlySGR keeps text and SGR styling and drops every other control
// sequence or character (glamour writes OSC 8 hyperlinks, for example):
// whatever Markdown makes of server text, the terminal only gets colours.
func onlySGR(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	var state byte
	for len(s) > 0 {
		seq, _, n, next := ansi.DecodeSequence(s, state, nil)
		state = next
		if n <= 0 {
			break
		}
		switch {
		case seq == "\n":
			b.WriteByte('\n')
		case seq == "\t":
			b.WriteString(strings.Repeat(" ", tabWidth))
		case strings.HasPrefix(seq, "\x1b"):
			if sgrSeq.MatchString(seq) {
				b.WriteString(seq)
			}
		case printable(seq):
			b.WriteString(seq)
		}
		s = s[n:]
	}
	return b.String()
}

func printable(s string) bool {
	if !utf8.ValidString(s) {
		return false
	}
	for _, r := range s {
		if controlRune(r) || r == '\n' || r == '\t' {
			return false
		}
	}
	return true
}

// trimRightSpace drops the padding glamour puts after the text of a line.
func trimRightSpace(line string) string {
	plain := ansi.Strip(line)
	trimmed := strings.TrimRight(plain, " \u00a0")
	if len(trimmed) == len(plain) {
		return line
	}
	return ansi.Truncate(line, ansi.StringWidth(trimmed), "")
}
