package tui

import "sort"

// layout is the conversation as items with their line offsets. Items keep
// their rendered lines; offsets are recomputed only from the first item
// that changed, which during streaming is near the end.
//
// A session view lays out its items themselves. A long Durable Stream is
// virtual (rows): its items exist only while they are on screen or near
// it, and the height of one never rendered at this width is an estimate.
type layout struct {
	items   []*item
	rows    rows            // when set, the items come from it and items is unused
	byKey   map[itemKey]int // key -> index in items
	offsets []int           // offsets[i] = first line of item i; one extra = total
	valid   int             // offsets[0..valid] are correct
}

// rows is a virtual list of items, made on demand.
type rows interface {
	count() int
	row(i int) *item
	index(k itemKey) (int, bool)
	height(i int) int // lines of row i: its rendering when cached, else an estimate
	// mayMatch is false when row i cannot hold the search query q, so
	// search need not render it.
	mayMatch(i int, q string) bool
	// plainLines is row i's lines as search sees them when that is
	// cheaper than rendering it, else nil.
	plainLines(i int) []string
}

// len is the number of items.
func (l *layout) len() int {
	if l.rows != nil {
		return l.rows.count()
	}
	return len(l.items)
}

// item returns item i; 0 <= i < len().
func (l *layout) item(i int) *item {
	if l.rows != nil {
		return l.rows.row(i)
	}
	return l.items[i]
}

// index finds the item with key k.
func (l *layout) index(k itemKey) (int, bool) {
	if l.rows != nil {
		return l.rows.index(k)
	}
	i, ok := l.byKey[k]
	return i, ok
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

// dropFront forgets the first k items' offsets and keeps the rest valid:
// the items after them keep their heights (virtual rows whose oldest were
// dropped).
func (l *layout) dropFront(k int) {
	if k <= 0 {
		return
	}
	if k >= l.valid || len(l.offsets) <= k {
		l.valid, l.offsets = 0, l.offsets[:0]
		return
	}
	base := l.offsets[k]
	n := copy(l.offsets, l.offsets[k:min(len(l.offsets), l.valid+1)])
	l.offsets = l.offsets[:n]
	for i := range l.offsets {
		l.offsets[i] -= base
	}
	l.valid -= k
}

// invalidate marks offsets from item i on as stale.
func (l *layout) invalidate(i int) { l.valid = min(l.valid, max(0, i)) }

// measure makes offsets valid, taking heights from lines (or, for virtual
// rows, from the rows).
func (l *layout) measure(lines func(*item) []string) {
	n := l.len()
	l.valid = min(l.valid, n)
	l.offsets = l.offsets[:min(len(l.offsets), l.valid+1)]
	if len(l.offsets) == 0 {
		l.offsets = append(l.offsets, 0)
	}
	for i := len(l.offsets) - 1; i < n; i++ {
		var h int
		if l.rows != nil {
			h = l.rows.height(i)
		} else {
			h = len(lines(l.items[i]))
		}
		l.offsets = append(l.offsets, l.offsets[i]+h)
	}
	l.valid = n
}

// total is the number of lines; measure first.
func (l *layout) total() int {
	n := l.len()
	if len(l.offsets) != n+1 {
		return 0
	}
	return l.offsets[n]
}

// at returns the index of the item holding line n (clamped).
func (l *layout) at(n int) int {
	count := l.len()
	i := sort.Search(count, func(i int) bool { return l.offsets[i+1] > n })
	return min(i, max(0, count-1))
}
