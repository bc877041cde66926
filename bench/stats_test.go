package bench

import (
	"fmt"
	"io"
	"slices"
	"strings"
	"time"
)

// median of xs (the mean of the middle two for an even count); 0 when empty.
func median[T ~int64 | ~float64](xs []T) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	n := len(s)
	if n%2 == 1 {
		return s[n/2]
	}
	return (s[n/2-1] + s[n/2]) / 2
}

// percentile is the nearest-rank p-th percentile (0 < p <= 100) of xs.
func percentile[T ~int64 | ~float64](xs []T, p float64) T {
	if len(xs) == 0 {
		return 0
	}
	s := slices.Clone(xs)
	slices.Sort(s)
	rank := int(p/100*float64(len(s))+0.999999) - 1
	return s[min(max(rank, 0), len(s)-1)]
}

// contender is one reader in a side-by-side comparison.
type contender struct {
	name string
	run  func() (usage, error)
}

// samples collects each contender's runs.
type samples map[string][]usage

func (s samples) wall(name string) time.Duration {
	return median(pick(s[name], func(u usage) time.Duration { return u.wall }))
}

// wallRange is the fastest and the slowest run of name.
func (s samples) wallRange(name string) (lo, hi time.Duration) {
	walls := pick(s[name], func(u usage) time.Duration { return u.wall })
	if len(walls) == 0 {
		return 0, 0
	}
	return slices.Min(walls), slices.Max(walls)
}

func (s samples) cpu(name string) time.Duration {
	return median(pick(s[name], func(u usage) time.Duration { return u.cpu }))
}

func (s samples) rss(name string) int64 {
	return median(pick(s[name], func(u usage) int64 { return u.maxRSS }))
}

func pick[T any](us []usage, f func(usage) T) []T {
	out := make([]T, len(us))
	for i, u := range us {
		out[i] = f(u)
	}
	return out
}

// alternate runs every contender once as a warm-up, then rounds times,
// reversing the order every other round so no contender always runs on a
// warmer (or busier) machine than another.
func alternate(rounds int, cs []contender) (samples, error) {
	for _, c := range cs {
		if _, err := c.run(); err != nil {
			return nil, fmt.Errorf("%s (warm-up): %w", c.name, err)
		}
	}
	out := samples{}
	for r := range rounds {
		order := slices.Clone(cs)
		if r%2 == 1 {
			slices.Reverse(order)
		}
		for _, c := range order {
			u, err := c.run()
			if err != nil {
				return nil, fmt.Errorf("%s (round %d): %w", c.name, r+1, err)
			}
			out[c.name] = append(out[c.name], u)
		}
	}
	return out, nil
}

// ratio is a/b, or 0 when b is zero.
func ratio[T ~int64 | ~float64](a, b T) float64 {
	if b == 0 {
		return 0
	}
	return float64(a) / float64(b)
}

// table prints aligned rows; the first row is the header.
func table(w io.Writer, rows [][]string) {
	widths := make([]int, 0)
	for _, r := range rows {
		for i, c := range r {
			if i >= len(widths) {
				widths = append(widths, 0)
			}
			widths[i] = max(widths[i], len(c))
		}
	}
	for _, r := range rows {
		cells := make([]string, len(r))
		for i, c := range r {
			cells[i] = c + strings.Repeat(" ", widths[i]-len(c))
		}
		fmt.Fprintln(w, strings.TrimRight(strings.Join(cells, "  "), " "))
	}
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d)/float64(time.Millisecond)) }

func mib(b int64) string { return fmt.Sprintf("%.1f MiB", float64(b)/(1<<20)) }
