package tui

import (
	"math"
	"sort"

	"github.com/dstail/dstail/reconcile"
)

// convo is an OpenCode session as the view keeps it: messages ordered by
// id, each with its parts ordered by id. SessionMsg changes it in place, so
// a streamed token touches one part, and the items of only the messages
// that changed are rebuilt on the next frame.
type convo struct {
	head       reconcile.State // session, status and error; Messages unused
	msgs       []*msgEntry     // ordered by id
	byID       map[string]*msgEntry
	partOf     map[string]string // part id -> message id
	unfinished map[string]bool   // assistant messages that may turn out interrupted
	firstDirty int               // lowest index in msgs whose items are stale
	tokens     reconcile.Tokens  // sums over all messages
	cost       float64
	show       func(partType string) bool
	seen       int64  // when the user last looked (epoch ms), 0 when never
	newFrom    string // the first message created after seen, "" when none
}

// msgEntry is one message with the items it shows.
type msgEntry struct {
	msg      reconcile.Message // Parts ordered by id
	partFP   []uint64          // fingerprints, parallel to msg.Parts
	items    []*item
	start    int    // index of its first item in the layout; valid below firstDirty
	prevRole string // role of the message before it when items were built
	divider  bool   // items were built with the "new since" divider
	dirty    bool
}

func newConvo(show func(partType string) bool) *convo {
	if show == nil {
		show = func(string) bool { return true }
	}
	return &convo{byID: map[string]*msgEntry{}, partOf: map[string]string{}, unfinished: map[string]bool{},
		firstDirty: upToDate, show: show}
}

// apply folds a SessionMsg in: a full one replaces the session, a partial
// one upserts what it carries and drops what it names as removed.
func (c *convo) apply(msg SessionMsg) {
	c.head = msg.State
	c.head.Messages = nil
	if !msg.Partial {
		keep := make(map[string]bool, len(msg.State.Messages))
		for _, m := range msg.State.Messages {
			keep[m.ID] = true
		}
		for _, e := range append([]*msgEntry(nil), c.msgs...) {
			if !keep[e.msg.ID] {
				c.removeMessage(e.msg.ID)
			}
		}
	}
	for _, m := range msg.State.Messages {
		c.upsert(m, !msg.Partial)
	}
	for _, id := range msg.Removed {
		if _, ok := c.byID[id]; ok {
			c.removeMessage(id)
		} else {
			c.removePart(id)
		}
	}
	c.markInterrupted()
	c.placeDivider()
}

// placeDivider finds the first message created after the user last looked;
// messages are ordered by id, which OpenCode makes ascending in time.
func (c *convo) placeDivider() {
	id := ""
	if c.seen > 0 {
		i := sort.Search(len(c.msgs), func(i int) bool { return c.msgs[i].msg.Created > c.seen })
		if i < len(c.msgs) {
			id = c.msgs[i].msg.ID
		}
	}
	if id == c.newFrom {
		return
	}
	if c.newFrom != "" {
		c.touch(c.index(c.newFrom))
	}
	if id != "" {
		c.touch(c.index(id))
	}
	c.newFrom = id
}

// upsert stores a message's info and its parts; with exact, parts it does
// not carry are removed.
func (c *convo) upsert(m reconcile.Message, exact bool) {
	e, ok := c.byID[m.ID]
	if !ok {
		i := c.index(m.ID)
		e = &msgEntry{msg: m}
		e.msg.Parts, e.msg.Interrupted = nil, false
		c.msgs = append(c.msgs, nil)
		copy(c.msgs[i+1:], c.msgs[i:])
		c.msgs[i] = e
		c.byID[m.ID] = e
		c.addUsage(e.msg, 1)
		c.touch(i)
	} else if messageFP(&e.msg) != messageFP(&m) {
		parts, fps, interrupted := e.msg.Parts, e.partFP, e.msg.Interrupted
		c.addUsage(e.msg, -1)
		e.msg = m
		e.msg.Parts, e.partFP, e.msg.Interrupted = parts, fps, interrupted
		c.addUsage(e.msg, 1)
		c.touch(c.index(m.ID))
	}
	if e.msg.Role == "assistant" && e.msg.Completed == 0 && e.msg.Error == nil {
		c.unfinished[m.ID] = true
	} else {
		delete(c.unfinished, m.ID)
		if e.msg.Interrupted {
			e.msg.Interrupted = false
			c.touch(c.index(m.ID))
		}
	}
	if exact {
		keep := make(map[string]bool, len(m.Parts))
		for _, p := range m.Parts {
			keep[p.ID] = true
		}
		for _, p := range append([]reconcile.Part(nil), e.msg.Parts...) {
			if !keep[p.ID] {
				c.removePart(p.ID)
			}
		}
	}
	for _, p := range m.Parts {
		c.upsertPart(e, p)
	}
}

func (c *convo) upsertPart(e *msgEntry, p reconcile.Part) {
	fp := partFingerprint(p)
	i := sort.Search(len(e.msg.Parts), func(i int) bool { return e.msg.Parts[i].ID >= p.ID })
	if i < len(e.msg.Parts) && e.msg.Parts[i].ID == p.ID {
		if e.partFP[i] == fp {
			return
		}
		e.msg.Parts[i], e.partFP[i] = p, fp
	} else {
		e.msg.Parts = append(e.msg.Parts, reconcile.Part{})
		e.partFP = append(e.partFP, 0)
		copy(e.msg.Parts[i+1:], e.msg.Parts[i:])
		copy(e.partFP[i+1:], e.partFP[i:])
		e.msg.Parts[i], e.partFP[i] = p, fp
		c.partOf[p.ID] = e.msg.ID
	}
	c.touch(c.index(e.msg.ID))
}

func (c *convo) removeMessage(id string) {
	e := c.byID[id]
	i := c.index(id)
	for _, p := range e.msg.Parts {
		delete(c.partOf, p.ID)
	}
	c.addUsage(e.msg, -1)
	delete(c.byID, id)
	delete(c.unfinished, id)
	c.msgs = append(c.msgs[:i], c.msgs[i+1:]...)
	c.touch(i)
}

func (c *convo) removePart(id string) {
	e, ok := c.byID[c.partOf[id]]
	if !ok {
		return
	}
	delete(c.partOf, id)
	for i := range e.msg.Parts {
		if e.msg.Parts[i].ID == id {
			e.msg.Parts = append(e.msg.Parts[:i], e.msg.Parts[i+1:]...)
			e.partFP = append(e.partFP[:i], e.partFP[i+1:]...)
			c.touch(c.index(e.msg.ID))
			return
		}
	}
}

// index is where a message with id is or would be in msgs.
func (c *convo) index(id string) int {
	return sort.Search(len(c.msgs), func(i int) bool { return c.msgs[i].msg.ID >= id })
}

// touch marks message i (and so everything after it in the layout) stale.
func (c *convo) touch(i int) {
	if i < len(c.msgs) {
		c.msgs[i].dirty = true
	}
	c.firstDirty = min(c.firstDirty, i)
}

func (c *convo) addUsage(m reconcile.Message, sign int64) {
	t := m.Tokens
	c.tokens.Input += sign * t.Input
	c.tokens.Output += sign * t.Output
	c.tokens.Reasoning += sign * t.Reasoning
	c.tokens.CacheRead += sign * t.CacheRead
	c.tokens.CacheWrite += sign * t.CacheWrite
	c.cost += float64(sign) * m.Cost
}

// lastAssistant is the index of the newest assistant message, -1 if none.
func (c *convo) lastAssistant() int {
	for i := len(c.msgs) - 1; i >= 0; i-- {
		if c.msgs[i].msg.Role == "assistant" {
			return i
		}
	}
	return -1
}

// markInterrupted applies reconcile's rule to the few unfinished messages:
// an assistant message cannot finish once the session went idle without an
// error, or once a later assistant message exists.
func (c *convo) markInterrupted() {
	crashed := c.head.Status.Type == "idle" && c.head.Error == nil
	last := c.lastAssistant()
	for id := range c.unfinished {
		i := c.index(id)
		want := crashed || i < last
		if e := c.msgs[i]; e.msg.Interrupted != want {
			e.msg.Interrupted = want
			c.touch(i)
		}
	}
}

// upToDate is firstDirty when the layout holds every message as it is.
const upToDate = math.MaxInt

// takeDirty returns the first message whose items must be rebuilt (it may
// be len(msgs) when only the end was removed) and clears the mark.
func (c *convo) takeDirty() (from int, dirty bool) {
	from, dirty = min(c.firstDirty, len(c.msgs)), c.firstDirty != upToDate
	c.firstDirty = upToDate
	return from, dirty
}

// build makes the items of a message: a header when the role changes, the
// visible parts, and an end marker for failed messages. Items whose
// fingerprint is unchanged are kept with their render cache.
func (e *msgEntry) build(prevRole string, show func(partType string) bool, seen int64) {
	old := e.items
	reuse := func(k itemKey, fp uint64, fill func(*item)) *item {
		it := &item{key: k, kind: k.kind, fp: fp}
		for _, o := range old {
			if o.key == k && o.fp == fp {
				return o
			}
			if o.key == k { // changed: keep what is still useful
				// The text's rendering state, and how it was last drawn: a part
				// shown as Markdown stays Markdown (measureLines), and the fp
				// in the key no longer matches, so it is rendered again.
				it.text, it.cached = o.text, o.cached
			}
		}
		fill(it)
		return it
	}
	m := &e.msg
	items := make([]*item, 0, len(m.Parts)+3)
	e.divider = seen > 0
	if e.divider {
		items = append(items, reuse(itemKey{kindDivider, m.ID}, newHasher().ints(seen).sum(), func(it *item) { it.msg.Created = seen }))
	}
	if m.Role != prevRole || e.divider {
		items = append(items, reuse(itemKey{kindHeader, m.ID}, headerFP(m), func(it *item) { it.msg = *m }))
	}
	for i := range m.Parts {
		p := &m.Parts[i]
		if p.Type == "step-start" || p.Type == "snapshot" || !show(p.Type) {
			continue
		}
		items = append(items, reuse(itemKey{kindPart, p.ID}, e.partFP[i], func(it *item) { it.part = *p }))
	}
	if m.Error != nil || m.Interrupted {
		items = append(items, reuse(itemKey{kindEnd, m.ID}, endFP(m), func(it *item) { it.msg = *m }))
	}
	e.items, e.prevRole, e.dirty = items, prevRole, false
}
