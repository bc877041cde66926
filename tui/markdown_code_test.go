package tui

import (
	"strings"
	"testing"
)

// TestInlineCodeWithoutColourHasNoPadding: without colour nothing marks the
// padding around inline code, so none is drawn (it read as stray spaces).
func TestInlineCodeWithoutColourHasNoPadding(t *testing.T) {
	lines, ok := newMarkdown(true, false).render("use `ls -l` now", 80, true)
	if !ok || len(lines) != 1 || lines[0] != "use ls -l now" {
		t.Errorf("rendered %q, want %q", lines, "use ls -l now")
	}
	lines, _ = newMarkdown(true, true).render("use `ls -l` now", 80, true)
	if !strings.Contains(strings.Join(lines, ""), "\u00a0ls -l\u00a0") {
		t.Errorf("with colour the code keeps its padded background: %q", lines)
	}
}
