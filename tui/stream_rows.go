package tui

import (
	"bytes"
	"encoding/json"
	"slices"
	"strconv"

	"github.com/dstail/dstail/feed"
)

// The Durable Streams view's layout rows (see layout.rows): row i is the
// message with sequence number layFirst+i, made into an item when it is
// drawn, measured or searched, and kept in a small cache while in use.

func (s *Stream) count() int { return s.laid }

func (s *Stream) row(i int) *item {
	seq := s.layFirst + i
	if it := s.rows.get(seq); it != nil {
		return it
	}
	it := s.makeRow(seq)
	s.rows.put(seq, it)
	return it
}

// makeRow makes the item of one message, uncached.
func (s *Stream) makeRow(seq int) *item {
	it := &item{key: streamKey(seq), kind: kindStream}
	if i := seq - s.store.first; i >= 0 && i < len(s.store.recs) {
		r := &s.store.recs[i]
		// The data only ever grows (the current line of a text stream),
		// so its length tells renderings apart.
		it.fp = uint64(r.n)
		it.data = streamEntry{Kind: feed.Kind(r.kind), Data: string(s.store.data(i)), At: s.store.time(r)}
	}
	return it
}

func (s *Stream) index(k itemKey) (int, bool) {
	if k.kind != kindStream {
		return 0, false
	}
	seq, err := strconv.Atoi(k.id)
	i := seq - s.layFirst
	return i, err == nil && i >= 0 && i < s.laid
}

// height is the rendered height of row i when it has a rendering at this
// width; else an estimate from its length, which is exact for compact
// ASCII JSON and text that needs no wrapping, and close otherwise. An
// expanded row is rendered: only the user expands one.
func (s *Stream) height(i int) int {
	seq := s.layFirst + i
	if it := s.rows.get(seq); it != nil && it.lines != nil && it.cached == s.keyFor(it, false) {
		return len(it.lines)
	}
	if len(s.open) > 0 && s.open[streamKey(seq)] {
		return len(s.lines(s.row(i)))
	}
	r := &s.store.recs[seq-s.store.first]
	h := 1
	if w := s.contentWidth(); s.wrap && int(r.n) > w {
		h = (int(r.n) + w - 1) / w
	}
	if s.timestamps && r.at != 0 {
		h++
	}
	return h
}

// maxCachedRows bounds the rows kept made: some screens' worth. Past it
// the least recently used half goes.
const maxCachedRows = 1024

// rowCache keeps the items of recently used rows by sequence number.
type rowCache struct {
	items map[int]*cachedRow
	clock uint64
}

type cachedRow struct {
	it   *item
	used uint64
}

func (c *rowCache) get(seq int) *item {
	r := c.items[seq]
	if r == nil {
		return nil
	}
	c.clock++
	r.used = c.clock
	return r.it
}

func (c *rowCache) put(seq int, it *item) {
	if c.items == nil {
		c.items = map[int]*cachedRow{}
	}
	if len(c.items) >= maxCachedRows {
		c.evict()
	}
	c.clock++
	c.items[seq] = &cachedRow{it: it, used: c.clock}
}

func (c *rowCache) drop(seq int) { delete(c.items, seq) }

// evict drops the least recently used half.
func (c *rowCache) evict() {
	used := make([]uint64, 0, len(c.items))
	for _, r := range c.items {
		used = append(used, r.used)
	}
	slices.Sort(used)
	cut := used[len(used)/2]
	for seq, r := range c.items {
		if r.used < cut {
			delete(c.items, seq)
		}
	}
}

// mayMatch reports whether row i can hold a match of the search query q
// (lower case), without rendering it, so a search of a long stream renders
// only the rows that may match. It is conservative: a row of printable
// ASCII is shown as its bytes with whitespace changed (compacted,
// indented or wrapped) and nothing else, so a row whose bytes, lowered and
// without whitespace, lack the query's does not match. Anything else
// (timestamps, other bytes, an empty row) may.
func (s *Stream) mayMatch(i int, q string) bool {
	if s.timestamps {
		return true
	}
	if s.sieve.q != q {
		var ok bool
		s.sieve.sq, ok = squeeze(s.sieve.sq[:0], []byte(q))
		s.sieve.q, s.sieve.ok = q, ok && len(s.sieve.sq) > 0
	}
	if !s.sieve.ok {
		return true
	}
	data := s.store.data(s.layFirst + i - s.store.first)
	row, ok := squeeze(s.sieve.buf[:0], data)
	s.sieve.buf = row
	return !ok || len(data) == 0 || bytes.Contains(row, s.sieve.sq)
}

// squeeze appends src lowered and without whitespace to dst; false when
// src holds a byte other than printable ASCII and whitespace. It runs over
// every message of a stream on each key of a search: one table look-up a
// byte, written in place.
func squeeze(dst, src []byte) ([]byte, bool) {
	n := len(dst)
	dst = slices.Grow(dst, len(src))[:n+len(src)]
	for _, c := range src {
		switch t := squeezed[c]; t {
		case squeezeDrop:
		case squeezeBad:
			return dst[:n], false
		default:
			dst[n] = t
			n++
		}
	}
	return dst[:n], true
}

// squeezed maps a byte to what squeeze writes for it: itself lowered, or
// one of two marks no printable byte can be.
var squeezed = func() (t [256]byte) {
	for c := range t {
		switch {
		case c == ' ' || c == '\t' || c == '\n' || c == '\r':
			t[c] = squeezeDrop
		case c < 0x20 || c >= 0x7f:
			t[c] = squeezeBad
		case 'A' <= c && c <= 'Z':
			t[c] = byte(c + 'a' - 'A')
		default:
			t[c] = byte(c)
		}
	}
	return t
}()

const (
	squeezeDrop = 0    // whitespace: left out
	squeezeBad  = 0xff // not printable ASCII: no sieve
)

// rowSearch is mayMatch's scratch: the query squeezed once per query.
type rowSearch struct {
	q       string
	sq, buf []byte
	ok      bool
}

// plainLines is row i as search sees it (its rendered lines without
// styling), made without styling or measuring when the row is printable
// ASCII, where a cell is a byte; nil otherwise, and the row is rendered.
// It keeps broad searches of a long stream quick.
func (s *Stream) plainLines(i int) []string {
	seq := s.layFirst + i
	if s.timestamps || !s.wrap || len(s.open) > 0 && s.open[streamKey(seq)] {
		return nil
	}
	j := seq - s.store.first
	data := s.store.data(j)
	if !printableASCII(data) {
		return nil
	}
	if feed.Kind(s.store.recs[j].kind) == feed.KindJSON {
		s.sieve.buf = compactJSON(s.sieve.buf[:0], data)
		data = s.sieve.buf
	}
	if len(data) == 0 {
		return nil // shown as a placeholder
	}
	text, w := string(data), s.contentWidth()
	if len(text) <= w {
		return []string{text}
	}
	return wrapLines(text, w)
}

// compactJSON appends src compacted as json.Compact does, or as it is when
// it is not JSON. JSON with no space outside its strings is already
// compact (the usual message, and search looks at every one on each key),
// so it is copied without json.Compact's checking.
func compactJSON(dst, src []byte) []byte {
	if !spaceOutsideStrings(src) {
		return append(dst, src...)
	}
	b := bytes.NewBuffer(dst)
	if json.Compact(b, src) != nil {
		return append(dst, src...)
	}
	return b.Bytes()
}

// spaceOutsideStrings reports whether src, read as JSON text, has
// whitespace outside its strings: what json.Compact would remove. A
// string's content is skipped to its closing quote with a vector search.
func spaceOutsideStrings(src []byte) bool {
	for i := 0; i < len(src); i++ {
		switch src[i] {
		case ' ', '\t', '\n', '\r':
			return true
		case '"':
			i = stringEnd(src, i+1)
		}
	}
	return false
}

// stringEnd is the index of the quote that closes the JSON string whose
// content starts at from, or len(src) when none does.
func stringEnd(src []byte, from int) int {
	for {
		q := bytes.IndexByte(src[from:], '"')
		if q < 0 {
			return len(src)
		}
		esc := bytes.IndexByte(src[from:from+q], '\\')
		if esc < 0 {
			return from + q
		}
		from += esc + 2 // past the backslash and the byte it escapes (esc < q)
	}
}
