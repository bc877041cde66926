package tui

// Scrolling and selection. The cursor is an item (the part enter toggles);
// top is the first visible line. Following keeps both at the end.

// gutterWidth is the room for the cursor mark left of the conversation.
func (m *pane) gutterWidth() int {
	if m.width >= 20 {
		return 2
	}
	return 0
}

func (m *pane) contentWidth() int { return max(1, m.width-m.gutterWidth()) }

func (m *pane) maxTop() int { return max(0, m.lay.total()-m.bodyHeight()) }

func (m *pane) clampScroll() { m.top = min(max(0, m.top), m.maxTop()) }

// cursorIndex is the index of the selected item, -1 when there are none.
func (m *pane) cursorIndex() int {
	if m.lay.len() == 0 {
		return -1
	}
	if i, ok := m.lay.index(m.cursor); ok {
		return i
	}
	return m.lay.len() - 1
}

func (m *pane) setCursor(i int) {
	if i >= 0 && i < m.lay.len() {
		m.cursor = m.lay.item(i).key
	}
}

func (m *pane) toBottom() {
	m.top = m.maxTop()
	m.setCursor(m.lay.len() - 1)
}

// newBelow counts items that arrived since following was paused.
func (m *pane) newBelow() int {
	if m.follow {
		return 0
	}
	return max(0, m.lay.len()-m.seenAtPause)
}

// updateFollow resumes following once the view is back at the newest item
// and pauses it otherwise.
func (m *pane) updateFollow() {
	live := m.top >= m.maxTop() && m.cursorIndex() == m.lay.len()-1
	if live == m.follow {
		return
	}
	m.follow = live
	if !live {
		m.seenAtPause = m.lay.len()
	}
}

// scrollBy moves the view and keeps the cursor on a visible item.
func (m *pane) scrollBy(delta int) {
	m.top += delta
	m.clampScroll()
	if i := m.cursorIndex(); i >= 0 && !m.visible(i) {
		if delta < 0 {
			m.setCursor(m.lay.at(m.top + m.bodyHeight() - 1))
		} else {
			m.setCursor(m.lay.at(m.top))
		}
	}
	if m.top >= m.maxTop() && delta > 0 {
		m.setCursor(m.lay.len() - 1)
	}
	m.updateFollow()
}

// visible reports whether any line of item i is on screen.
func (m *pane) visible(i int) bool {
	return m.lay.offsets[i+1] > m.top && m.lay.offsets[i] < m.top+m.bodyHeight()
}

// down scrolls through a tall selected item, then selects the next one.
func (m *pane) down() {
	i := m.cursorIndex()
	if i < 0 {
		return
	}
	if m.lay.offsets[i+1] > m.top+m.bodyHeight() {
		m.scrollBy(1)
		return
	}
	if i+1 < m.lay.len() {
		m.setCursor(i + 1)
		m.reveal(i+1, false)
	}
	m.updateFollow()
}

// up scrolls back through a tall selected item, then selects the previous.
func (m *pane) up() {
	i := m.cursorIndex()
	if i < 0 {
		return
	}
	if m.lay.offsets[i] < m.top {
		m.scrollBy(-1)
		return
	}
	if i > 0 {
		m.setCursor(i - 1)
		m.reveal(i-1, true)
	}
	m.updateFollow()
}

// reveal scrolls item i into view; a taller-than-screen item shows its
// bottom when fromBelow, its top otherwise.
func (m *pane) reveal(i int, fromBelow bool) {
	start, end, h := m.lay.offsets[i], m.lay.offsets[i+1], m.bodyHeight()
	switch {
	case end-start > h && fromBelow:
		m.top = end - h
	case end-start > h:
		m.top = start
	case start < m.top:
		m.top = start
	case end > m.top+h:
		m.top = end - h
	}
	m.clampScroll()
}
