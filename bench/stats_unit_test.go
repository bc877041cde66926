package bench

import (
	"errors"
	"strings"
	"testing"
	"time"
)

func TestMedianAndPercentile(t *testing.T) {
	if got := median([]int64{5, 1, 3}); got != 3 {
		t.Errorf("median odd = %d, want 3", got)
	}
	if got := median([]float64{4, 1, 3, 2}); got != 2.5 {
		t.Errorf("median even = %v, want 2.5", got)
	}
	if got := median([]int64(nil)); got != 0 {
		t.Errorf("median empty = %d, want 0", got)
	}
	xs := make([]int64, 100)
	for i := range xs {
		xs[i] = int64(100 - i) // 100..1, unsorted
	}
	for _, c := range []struct {
		p    float64
		want int64
	}{{50, 50}, {99, 99}, {100, 100}, {1, 1}} {
		if got := percentile(xs, c.p); got != c.want {
			t.Errorf("p%v = %d, want %d", c.p, got, c.want)
		}
	}
}

func TestAlternateReversesOrderAndWarmsUp(t *testing.T) {
	var order []string
	mk := func(name string, d time.Duration) contender {
		return contender{name, func() (usage, error) {
			order = append(order, name)
			return usage{wall: d}, nil
		}}
	}
	s, err := alternate(3, []contender{mk("a", 3), mk("b", 5)})
	if err != nil {
		t.Fatal(err)
	}
	if got := strings.Join(order, ""); got != "ab"+"ab"+"ba"+"ab" {
		t.Errorf("run order %q, want warm-up then alternating rounds", got)
	}
	if len(s["a"]) != 3 || s.wall("b") != 5 {
		t.Errorf("samples %v: want 3 rounds each, b's median 5", s)
	}
	boom := errors.New("boom")
	_, err = alternate(1, []contender{{"x", func() (usage, error) { return usage{}, boom }}})
	if !errors.Is(err, boom) || !strings.Contains(err.Error(), "x (warm-up)") {
		t.Errorf("error %v, want the contender named and the cause kept", err)
	}
}
