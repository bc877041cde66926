package ds

import (
	"bytes"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"slices"
	"strconv"
	"strings"
	"testing"

	"github.com/dstail/dstail/feed"
)

// streamModel is a closed stream whose offset at unit position p is
// offsetAt(p); a unit is a message for JSON and a byte otherwise.
type streamModel struct {
	kind feed.Kind
	msgs []string // KindJSON
	data []byte   // KindLines, KindText, KindBytes
}

func offsetAt(p int) string { return fmt.Sprintf("%08d", p) }

func positionOf(offset string) int {
	p, err := strconv.Atoi(offset)
	if err != nil || p < 0 {
		return 0 // "-1": the start
	}
	return p
}

func (m streamModel) size() int {
	if m.kind == feed.KindJSON {
		return len(m.msgs)
	}
	return len(m.data)
}

// pieces is what a read of units [p, q) carries: JSON as one to three arrays
// (SSE data events), bytes split anywhere.
func (m streamModel) pieces(p, q int, rng *rand.Rand) [][]byte {
	if m.kind != feed.KindJSON {
		cut := p + rng.IntN(q-p+1)
		return [][]byte{m.data[p:cut], m.data[cut:q]}
	}
	var out [][]byte
	for groups := 1 + rng.IntN(3); groups > 0; groups-- {
		cut := q
		if groups > 1 {
			cut = p + rng.IntN(q-p+1)
		}
		out = append(out, []byte("["+strings.Join(m.msgs[p:cut], ",")+"]"))
		p = cut
	}
	return out
}

// cutPoint is a place a reader could be killed: after delivered messages,
// having committed at.
type cutPoint struct {
	delivered int
	at        feed.Position
}

// frame reads the whole stream from `from` with server-chosen (random) chunk
// boundaries, as the reader does, flushing at the end since the stream is
// closed there.
func (m streamModel) frame(from feed.Position, rng *rand.Rand) ([]feed.Message, []cutPoint, error) {
	f := newFramer(m.kind, from)
	n, p, start := m.size(), positionOf(from.Offset), from.Offset
	msgs, cuts := []feed.Message(nil), []cutPoint{{0, from}}
	for {
		q := p
		if p < n && rng.IntN(8) > 0 {
			q = p + 1 + rng.IntN(n-p)
		}
		end := offsetAt(q)
		var err error
		handOn := func(out []feed.Message) {
			for _, msg := range out {
				msgs = append(msgs, msg)
				cuts = append(cuts, cutPoint{len(msgs), msg.After})
			}
			cuts = append(cuts, cutPoint{len(msgs), f.after})
		}
		if m.kind != feed.KindJSON && rng.IntN(2) == 0 {
			// A response streamed through in slices (streamBody).
			err = m.slices(f, start, end, p, q, rng, handOn)
		} else {
			var out []feed.Message
			out, err = f.feed(start, end, m.pieces(p, q, rng))
			handOn(out)
		}
		if err != nil {
			return nil, nil, err
		}
		if q == n {
			handOn(f.flush(end))
		}
		if q == n {
			return msgs, cuts, nil
		}
		p, start = q, end
	}
}

// slices feeds bytes [p, q) as one response read in up to four slices cut
// anywhere, as streamBody does, handing on each slice's messages.
func (m streamModel) slices(f *framer, start, end string, p, q int, rng *rand.Rand, handOn func([]feed.Message)) error {
	f.consumed = 0
	for {
		cut := q
		if rng.IntN(4) > 0 {
			cut = p + rng.IntN(q-p+1)
		}
		out, err := f.feedChunk(start, end, m.data[p:cut], cut == q)
		if err != nil {
			return err
		}
		handOn(out)
		if cut == q {
			return nil
		}
		p = cut
	}
}

// units is what a consumer sees: JSON values, lines, or single bytes.
func (m streamModel) units(msgs []feed.Message) []string {
	var out []string
	for _, msg := range msgs {
		if m.kind != feed.KindBytes && m.kind != feed.KindText {
			out = append(out, string(msg.Data))
			continue
		}
		for _, b := range msg.Data {
			out = append(out, string(b))
		}
	}
	return out
}

// want is the independent answer for a read from position p skipping k
// units (for lines: k newlines after p).
func (m streamModel) want(p, k int) []string {
	switch m.kind {
	case feed.KindJSON:
		return slices.Clone(m.msgs[min(p+k, len(m.msgs)):])
	case feed.KindBytes, feed.KindText:
		return m.units([]feed.Message{{Data: m.data[min(p+k, len(m.data)):]}})
	}
	rest := m.data[p:]
	for ; k > 0 && len(rest) > 0; k-- {
		i := bytes.IndexByte(rest, '\n')
		if i < 0 {
			return nil
		}
		rest = rest[i+1:]
	}
	var out []string
	for len(rest) > 0 {
		line, tail, _ := bytes.Cut(rest, []byte("\n"))
		out = append(out, string(bytes.TrimSuffix(line, []byte("\r"))))
		rest = tail
	}
	return out
}

// checkResume proves the "killed mid-batch neither loses nor repeats"
// property: for every cut point, what run one delivered before it plus what a
// run resumed from its position delivers is the whole stream; and a saved
// position (offset, k) drops exactly k units.
func checkResume(t testing.TB, m streamModel, rng *rand.Rand) {
	t.Helper()
	whole := m.want(0, 0)
	first, cuts, err := m.frame(feed.Position{Offset: "-1"}, rng)
	if err != nil {
		t.Fatalf("%+v: %v", m, err)
	}
	if got := m.units(first); !slices.Equal(got, whole) {
		t.Fatalf("%+v: full read %q, want %q", m, got, whole)
	}
	for _, c := range cuts {
		rest, _, err := m.frame(c.at, rng)
		if err != nil {
			t.Fatalf("%+v: resume from %+v: %v", m, c.at, err)
		}
		got := append(m.units(first[:c.delivered]), m.units(rest)...)
		if !slices.Equal(got, whole) {
			t.Fatalf("%+v: cut after %d messages at %+v gives %q, want %q", m, c.delivered, c.at, got, whole)
		}
	}
	p := rng.IntN(m.size() + 1)
	k := rng.IntN(m.size() - p + 3)
	from := feed.Position{Offset: offsetAt(p), Skip: int64(k)}
	rest, _, err := m.frame(from, rng)
	if err != nil {
		t.Fatalf("%+v: from %+v: %v", m, from, err)
	}
	if got, want := m.units(rest), m.want(p, k); !slices.Equal(got, want) {
		t.Fatalf("%+v: from %+v got %q, want %q", m, from, got, want)
	}
}

var jsonPool = []string{`1`, `"a b"`, `{"k":[1,2]}`, `[]`, `null`, `"line\nbreak"`, `[1,[2]]`, `-0.5e3`, `"\u2028"`, `{}`}

// textPool holds characters of one to four bytes, and a stray byte.
var textPool = []string{"a", " ", "\n", "\r\n", "é", "€", "🎉", "\xff", "\xe2\x82"}

func randomModel(kind feed.Kind, rng *rand.Rand) streamModel {
	m := streamModel{kind: kind}
	n := rng.IntN(40)
	for range n {
		switch kind {
		case feed.KindJSON:
			m.msgs = append(m.msgs, jsonPool[rng.IntN(len(jsonPool))])
		case feed.KindLines:
			m.data = append(m.data, "ab\r\n\n"[rng.IntN(5)])
		case feed.KindText:
			m.data = append(m.data, textPool[rng.IntN(len(textPool))]...)
		default:
			m.data = append(m.data, byte(rng.IntN(256)))
		}
	}
	return m
}

func TestFramerResumeProperty(t *testing.T) {
	rng := rand.New(rand.NewPCG(20, 26))
	for _, kind := range []feed.Kind{feed.KindJSON, feed.KindLines, feed.KindBytes, feed.KindText} {
		t.Run(kind.String(), func(t *testing.T) {
			for range 400 {
				checkResume(t, randomModel(kind, rng), rng)
			}
		})
	}
}

// FuzzFramer feeds arbitrary content with arbitrary chunking: never a panic,
// and the resume property holds for every content a kind accepts.
func FuzzFramer(f *testing.F) {
	f.Add(uint8(feed.KindJSON), []byte(`[1,"a",{"b":[2]}]`), uint64(1))
	f.Add(uint8(feed.KindJSON), []byte(`[1,`), uint64(2))
	f.Add(uint8(feed.KindLines), []byte("a\r\nb\n\nlast"), uint64(3))
	f.Add(uint8(feed.KindBytes), []byte("\x00\xff\n"), uint64(4))
	f.Fuzz(func(t *testing.T, kind uint8, data []byte, seed uint64) {
		rng := rand.New(rand.NewPCG(seed, seed>>7))
		// checkResume re-reads the stream from every cut point: keep it small.
		data = data[:min(len(data), 512)]
		m := streamModel{kind: feed.Kind(kind % 4), data: data}
		if m.kind == feed.KindJSON {
			var values []json.RawMessage
			if json.Unmarshal(data, &values) != nil {
				// Not an array: framing must fail cleanly, however it is cut.
				fr := newFramer(feed.KindJSON, feed.Position{Offset: "-1"})
				_, _ = fr.feed("-1", "1", [][]byte{data[:len(data)/2], data[len(data)/2:]})
				return
			}
			m.data = nil
			for _, v := range values {
				m.msgs = append(m.msgs, string(v))
			}
		}
		checkResume(t, m, rng)
	})
}
