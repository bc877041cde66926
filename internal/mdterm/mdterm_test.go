package mdterm

import (
	"slices"
	"strings"
	"testing"

	"github.com/charmbracelet/x/ansi"
)

const sample = "## Plan\n\nI will **read** the `main.go` file, then [check the docs](https://example.com/docs).\n\n" +
	"1. run the tests\n2. fix what fails\n\n> a quote\n\n```go\nfunc main() {}\n```\n\n| a | b |\n|---|---|\n| 1 | 22 |\n\n- x\n- y\n\n---\n"

func TestPlainThemeRendersEveryElementWithoutEscapes(t *testing.T) {
	got := New(Theme{}).Render(sample, 80)
	want := []string{
		"## Plan", "",
		"I will read the main.go file, then check the docs https://example.com/docs.", "",
		"1. run the tests", "2. fix what fails", "",
		"│ a quote", "",
		"  func main() {}", "",
		" a │ b", "───┼────", " 1 │ 22", "",
		"• x", "• y", "",
		strings.Repeat("─", 40),
	}
	if !slices.Equal(got, want) {
		t.Errorf("got\n%s\nwant\n%s", strings.Join(got, "\n"), strings.Join(want, "\n"))
	}
}

func TestLinesFitTheWidth(t *testing.T) {
	long := strings.Repeat("word ", 40)
	src := "# " + long + "\n\n" + long + "\n\n> " + long + "\n\n- " + long + "\n\n| " + long + " | b |\n|---|---|\n| 1 | 2 |\n"
	for _, th := range []Theme{{}, Dark} {
		for _, width := range []int{10, 33, 80} {
			for _, l := range New(th).Render(src, width) {
				if w := ansi.StringWidth(l); w > width {
					t.Errorf("width %d: line of %d cells: %q", width, w, l)
				}
			}
		}
	}
}

func TestEachLineClosesTheStylesItOpens(t *testing.T) {
	lines := New(Dark).Render("# a heading long enough to wrap with *emphasis* over lines\n\n**bold that wraps over several lines too**", 12)
	if len(lines) < 4 {
		t.Fatalf("expected wrapped lines, got %q", lines)
	}
	for i, l := range lines {
		if l == "" {
			continue
		}
		if openAtEnd(l) != "" {
			t.Errorf("line %d leaves a style open: %q", i, l)
		}
		if i > 0 && lines[i-1] != "" && !strings.HasPrefix(l, "\x1b[") {
			t.Errorf("line %d does not reopen the style of the line before: %q", i, l)
		}
	}
}

func TestColourThemes(t *testing.T) {
	lines := New(Dark).Render("# Title\n\nuse `ls -l` now", 80)
	if got := ansi.Strip(lines[0]); got != " Title " {
		t.Errorf("a level-1 heading is a padded bar with colour, got %q", got)
	}
	if !strings.Contains(lines[2], "\u00a0ls -l\u00a0") || !strings.Contains(lines[2], "\x1b[38;5;203;48;5;236m") {
		t.Errorf("inline code keeps its padded background: %q", lines[2])
	}
	if got := New(Theme{}).Render("# Title", 80); got[0] != "# Title" {
		t.Errorf("without colour the heading keeps its #: %q", got)
	}
}

func TestTableTooWideForTheWidthShowsRows(t *testing.T) {
	got := New(Theme{}).Render("| name | value |\n|---|---|\n| alpha | beta gamma delta |\n", 16)
	want := []string{"name │ value", "alpha │ beta", "gamma delta"}
	if !slices.Equal(got, want) {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestUnwrappedWhenWidthIsZero(t *testing.T) {
	long := strings.Repeat("x ", 100)
	if got := New(Theme{}).Render(long, 0); len(got) != 1 {
		t.Errorf("width 0 wraps nothing, got %d lines", len(got))
	}
}

// FuzzRender: any text renders without a panic, in lines that leave no
// style open. (Widths are not checked here: code and list or quote
// indents may pass a tiny width, and the view cuts every line to fit.)
func FuzzRender(f *testing.F) {
	f.Add(sample, 20)
	f.Add("| a | b |\n|---|---|\n| `x` | **y** |\n\n> - [link](u)\n>   ~~s~~", 7)
	f.Add("# *a*\n\n1. x\n\n   ```\n   code\n   ```\n<div>\n", 1)
	f.Fuzz(func(t *testing.T, src string, width int) {
		width = max(width%200, 0)
		for i, l := range New(Dark).Render(src, width) {
			if openAtEnd(l) != "" {
				t.Errorf("line %d leaves a style open: %q", i, l)
			}
		}
	})
}
