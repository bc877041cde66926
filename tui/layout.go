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
	scan    int             // reuse: where the next old item is expected
	spare   []*item         // the previous item list, reused as a buffer
}

// reuse returns the item with key k if it still has fingerprint fp, so
// its render cache is kept, or a new item filled in by fill. Items usually
// come in the old order, so the next old item is tried before the index.
func (l *layout) reuse(k itemKey, fp uint64, fill func(*item)) *item {
	i, ok := l.scan, l.scan < len(l.items) && l.items[l.scan].key == k
	if !ok {
		i, ok = l.byKey[k]
	}
	if ok {
		l.scan = i + 1
		if l.items[i].fp == fp {
			return l.items[i]
		}
	}
	it := &item{key: k, kind: k.kind, fp: fp}
	fill(it)
	return it
}

// replace swaps in a fresh list of items and marks offsets stale from the
// first item that differs. The key index is extended in place when the
// old items are a prefix of the new ones (streaming), rebuilt otherwise.
func (l *layout) replace(next []*item) {
	first, sameKeys := len(next), len(next) >= len(l.items)
	for i, it := range next {
		if i >= len(l.items) {
			first = min(first, i)
			break
		}
		if l.items[i] != it {
			first = min(first, i)
			if l.items[i].key != it.key {
				sameKeys = false
				break
			}
		}
	}
	if !sameKeys || l.byKey == nil {
		l.byKey = make(map[itemKey]int, len(next))
		for i, it := range next {
			l.byKey[it.key] = i
		}
	} else {
		for i := len(l.items); i < len(next); i++ {
			l.byKey[next[i].key] = i
		}
	}
	l.items, l.spare = next, l.items
	l.invalidate(first)
}

// invalidate marks offsets from item i on as stale.
func (l *layout) invalidate(i int) { l.valid = min(l.valid, max(0, i)) }

// measure makes offsets valid, rendering items whose cache is stale.
func (l *layout) measure(lines func(*item) []string) {
	if len(l.offsets) != len(l.items)+1 {
		grown := make([]int, len(l.items)+1)
		copy(grown, l.offsets[:min(len(l.offsets), l.valid+1)])
		l.offsets = grown
	}
	l.valid = min(l.valid, len(l.items))
	for i := l.valid; i < len(l.items); i++ {
		l.offsets[i+1] = l.offsets[i] + len(lines(l.items[i]))
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
