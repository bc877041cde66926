package tui

import (
	"fmt"
	"strconv"

	"github.com/dstail/dstail/reconcile"
)

func itoa(n int) string { return strconv.Itoa(n) }

// compact writes token counts the short way: 950, 12.3k, 4.1M.
func compact(n int64) string {
	switch {
	case n < 1000:
		return strconv.FormatInt(n, 10)
	case n < 1_000_000:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1e3)) + "k"
	default:
		return trimZero(fmt.Sprintf("%.1f", float64(n)/1e6)) + "M"
	}
}

func trimZero(s string) string {
	if len(s) > 2 && s[len(s)-2:] == ".0" {
		return s[:len(s)-2]
	}
	return s
}

// money formats a cost in dollars with enough digits for cheap calls.
func money(c float64) string {
	if c >= 1 {
		return fmt.Sprintf("$%.2f", c)
	}
	return fmt.Sprintf("$%.4f", c)
}

// tokenSummary is "in 120 · out 30 · reasoning 17 · cache 5/0".
func tokenSummary(t reconcile.Tokens) string {
	s := "in " + compact(t.Input) + " · out " + compact(t.Output)
	if t.Reasoning > 0 {
		s += " · reasoning " + compact(t.Reasoning)
	}
	if t.CacheRead > 0 || t.CacheWrite > 0 {
		s += " · cache " + compact(t.CacheRead) + "/" + compact(t.CacheWrite)
	}
	return s
}
