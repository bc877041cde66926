package tui

import "sort"

// layout is the conversation as items with their line offsets. Items keep
// their rendered lines; offsets are recomputed only from the first item
// that changed, which during streaming is near the end.
type layout struct {
	items   []*item
	byKey   map[itemKey]int // key -> index in items
	offsets []int           // offsets[i] = first line of item i; one extra = total
	valid   int             // offsets[0..valid] are correct
}

// splice replaces the items from index from on with tail and marks
// offsets stale from there.
func (l *layout) splice(from int, tail []*item) {
	if l.byKey == nil {
		l.byKey = map[itemKey]int{}
	}
	from = min(from, len(l.items))
	for _, it := range l.items[from:] {
		delete(l.byKey, it.key)
	}
	l.items = append(l.items[:from], tail...)
	for i := from; i < len(l.items); i++ {
		l.byKey[l.items[i].key] = i
	}
	l.invalidate(from)
}

// invalidate marks offsets from item i on as stale.
func (l *layout) invalidate(i int) { l.valid = min(l.valid, max(0, i)) }

// measure makes offsets valid, taking heights from lines.
func (l *layout) measure(lines func(*item) []string) {
	l.valid = min(l.valid, len(l.items))
	l.offsets = l.offsets[:min(len(l.offsets), l.valid+1)]
	if len(l.offsets) == 0 {
		l.offsets = append(l.offsets, 0)
	}
	for i := len(l.offsets) - 1; i < len(l.items); i++ {
		l.offsets = append(l.offsets, l.offsets[i]+len(lines(l.items[i])))
	}
	l.valid = len(l.items)
}

// total is the number of lines; measure first.
func (l *layout) total() int {
	if len(l.offsets) != len(l.items)+1 {
		return 0
	}
	return l.offsets[len(l.items)]
}

// at returns the index of the item holding line n (clamped).
func (l *layout) at(n int) int {
	i := sort.Search(len(l.items), func(i int) bool { return l.offsets[i+1] > n })
	return min(i, max(0, len(l.items)-1))
}
