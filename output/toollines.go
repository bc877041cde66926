package output

import "fmt"

// DefaultToolLines is how many lines of a finished tool's output line
// output and the view show under its call unless --tool-lines says
// otherwise: the one default both follow.
const DefaultToolLines = 4

// NoToolLines, as a ToolLines setting, hides tool output (--tool-lines 0).
const NoToolLines = -1

// ToolHeadLines is how many lines of a finished tool's output a ToolLines
// setting shows: DefaultToolLines for 0 (the zero value of the options),
// none when negative.
func ToolHeadLines(setting int) int {
	if setting == 0 {
		return DefaultToolLines
	}
	return max(0, setting)
}

// ParseToolLines turns --tool-lines N into a ToolLines setting: N lines,
// NoToolLines for 0; a negative N is refused.
func ParseToolLines(n int) (int, error) {
	switch {
	case n < 0:
		return 0, fmt.Errorf("--tool-lines must be 0 or more (0 hides tool output), got %d", n)
	case n == 0:
		return NoToolLines, nil
	}
	return n, nil
}
