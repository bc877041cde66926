package tui

import (
	"regexp"
	"strconv"
	"strings"
	"unicode/utf8"

	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/internal/mdterm"
)

// markdown renders text parts as Markdown for the terminal, in the dark,
// light or colourless theme. It is only used from the UI goroutine.
type markdown struct {
	r *mdterm.Renderer
}

// newMarkdown picks the dark, light or colourless theme.
func newMarkdown(dark, color bool) *markdown {
	theme := mdterm.Theme{}
	switch {
	case color && dark:
		theme = mdterm.Dark
	case color:
		theme = mdterm.Light
	}
	return &markdown{r: mdterm.New(theme)}
}

// render turns clean text into lines no wider than width, wrapped or cut.
// ok is always true now; callers keep a plain fallback for a renderer
// that can fail.
func (md *markdown) render(text string, width int, wrap bool) (lines []string, ok bool) {
	wrapAt := width
	if !wrap {
		wrapAt = 0 // not wrapped; fit cuts the lines below
	}
	out := strings.Join(md.r.Render(neutralizeEntities(text), wrapAt), "\n")
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
// before Markdown sees them.
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
// sequence or character:
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

// trimRightSpace drops padding after the text of a line.
func trimRightSpace(line string) string {
	plain := ansi.Strip(line)
	trimmed := strings.TrimRight(plain, " \u00a0")
	if len(trimmed) == len(plain) {
		return line
	}
	return ansi.Truncate(line, ansi.StringWidth(trimmed), "")
}
