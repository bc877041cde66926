package tui

// Keeping the layout in step with the data. A frame rebuilds the items of
// the messages that changed (during streaming: the last one), re-measures
// from the first changed item, and renders Markdown only for what is on
// screen or near it, so its cost does not grow with the session.

// relayout brings the layout up to date with the session.
func (m *sessionView) relayout() {
	m.dirty = false
	anchor := m.anchor()
	c := m.convo
	if from, dirty := c.takeDirty(); dirty {
		start, prevRole := 0, ""
		if from > 0 {
			prev := c.msgs[from-1]
			start, prevRole = prev.start+len(prev.items), prev.msg.Role
		}
		tail := m.tail[:0]
		for _, e := range c.msgs[from:] {
			divider := e.msg.ID == c.newFrom
			if e.dirty || e.prevRole != prevRole || e.divider != divider {
				seen := int64(0)
				if divider {
					seen = c.seen
				}
				e.build(prevRole, c.show, seen)
			}
			e.start = start + len(tail)
			tail = append(tail, e.items...)
			prevRole = e.msg.Role
		}
		m.lay.splice(start, tail)
		clear(tail)
		m.tail = tail[:0]
	}
	m.settle(anchor)
}

// remeasure re-lays out from item i after a change of how items render
// (width, wrap, expansion, styles), keeping the line at the top in place.
func (m *pane) remeasure(i int) {
	anchor := m.anchor()
	m.lay.invalidate(i)
	m.lay.measure(m.measureLines)
	m.place(anchor)
}

// viewAnchor is the item at the top of the screen and how far into it the
// screen starts; re-flows keep it in place so the view does not jump.
type viewAnchor struct {
	key   itemKey
	into  int
	valid bool
}

func (m *pane) anchor() viewAnchor {
	if m.lay.len() == 0 || m.lay.total() == 0 {
		return viewAnchor{}
	}
	i := m.lay.at(m.top)
	return viewAnchor{key: m.lay.item(i).key, into: m.top - m.lay.offsets[i], valid: true}
}

// place positions the view after a layout change: at the end when
// following, else back on the anchor. Then items near the screen get their
// Markdown rendering, which may change their height, so it places again.
func (m *pane) place(a viewAnchor) {
	for range 3 {
		if m.follow {
			m.toBottom()
		} else if i, ok := m.lay.index(a.key); ok && a.valid {
			m.top = m.lay.offsets[i] + min(a.into, m.lay.offsets[i+1]-m.lay.offsets[i]-1)
		}
		m.clampScroll()
		changed := m.enrichVisible()
		if changed < 0 {
			return
		}
		m.lay.invalidate(changed)
		m.lay.measure(m.measureLines)
	}
	m.clampScroll()
}

// enrichVisible renders the items on screen, and a screen above and below,
// as Markdown (virtual rows: those on screen, plainly, to learn their
// height). It returns the first item whose height changed, or -1.
func (m *pane) enrichVisible() int {
	if m.lay.len() == 0 || m.md == nil {
		return -1
	}
	h := max(1, m.bodyHeight())
	lo, hi := m.lay.at(max(0, m.top-h)), m.lay.at(m.top+2*h)
	if m.lay.rows != nil { // virtual rows: only what is seen is rendered
		lo, hi = m.lay.at(m.top), m.lay.at(m.top+h)
	}
	changed := -1
	for i := lo; i <= hi && i < m.lay.len(); i++ {
		it := m.lay.item(i)
		if m.lay.rows != nil { // a virtual row's height was a guess until now
			if n := len(m.lines(it)); n != m.lay.offsets[i+1]-m.lay.offsets[i] && changed < 0 {
				changed = i
			}
			continue
		}
		if !it.hasMarkdown() || it.cached.rich && it.cached == m.keyFor(it, true) {
			continue
		}
		if n := len(m.render(it, true)); n != m.lay.offsets[i+1]-m.lay.offsets[i] && changed < 0 {
			changed = i
		}
	}
	return changed
}

// keyFor is the cache key of it as it should look now.
func (m *pane) keyFor(it *item, rich bool) cacheKey {
	return cacheKey{fp: it.fp, width: m.contentWidth(), expanded: m.expanded(it), wrap: m.wrap,
		timestamps: m.timestamps, rich: rich && it.hasMarkdown() && m.md != nil, styleGen: m.gen}
}

// lines returns an item's rendered lines from cache, rendering it plain
// when it has no valid rendering yet.
func (m *pane) lines(it *item) []string {
	if it.lines != nil {
		k := it.cached
		if k == m.keyFor(it, k.rich) {
			return it.lines
		}
	}
	return m.render(it, false)
}

// measureLines is lines for measuring: an item shown as Markdown at this
// width before stays Markdown, so a streaming part is rendered once a frame.
func (m *pane) measureLines(it *item) []string {
	if it.cached.rich && it.cached.width == m.contentWidth() {
		k := m.keyFor(it, true)
		if it.lines != nil && it.cached == k {
			return it.lines
		}
		return m.render(it, true)
	}
	return m.lines(it)
}

// render renders it afresh and caches the result.
func (m *pane) render(it *item, rich bool) []string {
	k := m.keyFor(it, rich)
	o := renderOpts{Width: k.width, Expanded: k.expanded, Wrap: k.wrap, Timestamps: k.timestamps,
		TimeLayout: m.opts.TimeLayout, ToolLines: m.opts.ToolLines, StyleGen: k.styleGen}
	if k.rich {
		o.Markdown = m.md
	}
	it.lines = it.render(&m.styles, o)
	if it.lines == nil {
		it.lines = []string{}
	}
	it.cached = k
	return it.lines
}

func (m *pane) expanded(it *item) bool {
	if v, ok := m.open[it.key]; ok {
		return v
	}
	return it.kind == kindPart && it.part.Type == "tool" && m.toolsOpen
}
