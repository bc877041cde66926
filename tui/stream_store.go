package tui

import (
	"slices"
	"time"

	"github.com/pierrec/lz4/v4"

	"github.com/dstail/dstail/feed"
)

// chunkSize is about how many bytes of messages go into one chunk before
// it is compressed: large enough to compress well, small enough that
// unpacking one to show a screen of it is quick.
const chunkSize = 64 << 10

// streamStore keeps a stream's messages compactly: their bytes appended to
// chunks, each full chunk compressed (LZ4, fast both ways), and per
// message only where its bytes are, its framing and when it arrived. A
// chunk is unpacked only to show or search what it holds.
type streamStore struct {
	recs   []streamRecord
	first  int // sequence number of recs[0]; messages count from 1
	bytes  int // the messages' size unpacked, for the budget
	chunks []packedChunk
	base   int    // chunk number of chunks[0]
	open   []byte // the chunk being filled, number base+len(chunks)
	zip    lz4.Compressor
	zipBuf []byte
	hot    [2]unpacked // the chunks unpacked last
	loc    *time.Location
}

// streamRecord is where one message is: 24 bytes, whatever its size.
type streamRecord struct {
	chunk  int32
	off, n uint32
	kind   uint8 // feed.Kind
	at     int64 // arrival, Unix nanoseconds; 0 for none
}

type packedChunk struct {
	data  []byte
	size  int  // unpacked
	plain bool // stored as is: it did not compress
}

type unpacked struct {
	num  int
	data []byte
}

// push appends a message.
func (st *streamStore) push(data []byte, kind feed.Kind, at time.Time) {
	if len(st.open) >= chunkSize {
		st.seal()
	}
	if st.loc == nil {
		st.loc = at.Location()
	}
	var nanos int64
	if !at.IsZero() {
		nanos = at.UnixNano()
	}
	st.recs = append(st.recs, streamRecord{chunk: int32(st.base + len(st.chunks)), off: uint32(len(st.open)),
		n: uint32(len(data)), kind: uint8(kind), at: nanos})
	st.open = append(st.open, data...)
	st.bytes += len(data)
}

// grow extends the newest message, which is always in the open chunk:
// only push seals a chunk.
func (st *streamStore) grow(data []byte) {
	st.recs[len(st.recs)-1].n += uint32(len(data))
	st.open = append(st.open, data...)
	st.bytes += len(data)
}

// seal compresses the open chunk and starts a new one in its buffer.
func (st *streamStore) seal() {
	st.zipBuf = slices.Grow(st.zipBuf[:0], lz4.CompressBlockBound(len(st.open)))[:lz4.CompressBlockBound(len(st.open))]
	c := packedChunk{size: len(st.open)}
	if n, err := st.zip.CompressBlock(st.open, st.zipBuf); err == nil && n > 0 && n < len(st.open) {
		c.data = slices.Clone(st.zipBuf[:n])
	} else {
		c.data, c.plain = slices.Clone(st.open), true
	}
	st.chunks = append(st.chunks, c)
	st.open = st.open[:0]
	if cap(st.open) > 4*chunkSize { // a huge message passed: do not keep its room
		st.open = nil
	}
}

// data is the bytes of recs[i], valid until the next call.
func (st *streamStore) data(i int) []byte {
	r := st.recs[i]
	return st.chunk(int(r.chunk))[r.off : r.off+r.n]
}

func (st *streamStore) chunk(num int) []byte {
	if num == st.base+len(st.chunks) {
		return st.open
	}
	for _, h := range st.hot {
		if h.num == num && h.data != nil {
			return h.data
		}
	}
	c := st.chunks[num-st.base]
	if c.plain {
		return c.data
	}
	// Reuse the buffer of the older of the two.
	st.hot[0], st.hot[1] = st.hot[1], st.hot[0]
	h := &st.hot[1]
	h.num, h.data = num, slices.Grow(h.data[:0], c.size)[:c.size]
	if _, err := lz4.UncompressBlock(c.data, h.data); err != nil {
		clear(h.data) // cannot happen: it packed it; show blanks rather than stop
	}
	return h.data
}

func (st *streamStore) time(r *streamRecord) time.Time {
	if r.at == 0 {
		return time.Time{}
	}
	return time.Unix(0, r.at).In(st.loc)
}

// trim drops the oldest tenth of the messages when over either bound, and
// the chunks no message refers to any more. It reports whether it did.
func (st *streamStore) trim(maxItems, maxBytes int) bool {
	if len(st.recs) <= maxItems && st.bytes <= maxBytes {
		return false
	}
	drop, kept := 0, st.bytes
	for drop < len(st.recs)-1 && (len(st.recs)-drop > maxItems-maxItems/10 || kept > maxBytes-maxBytes/10) {
		kept -= int(st.recs[drop].n)
		drop++
	}
	n := copy(st.recs, st.recs[drop:])
	st.recs = st.recs[:n]
	st.first += drop
	st.bytes = kept
	if k := int(st.recs[0].chunk) - st.base; k > 0 {
		m := copy(st.chunks, st.chunks[k:])
		clear(st.chunks[m:])
		st.chunks = st.chunks[:m]
		st.base += k
	}
	return true
}
