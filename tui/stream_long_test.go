package tui

import (
	"bytes"
	"fmt"
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/feed"
)

// The store gives back every message as pushed, across sealed (compressed
// or, when they do not compress, plain) chunks and the open one, with the
// newest grown; trimming drops the oldest messages and their chunks.
func TestStreamStoreKeepsMessagesAcrossChunks(t *testing.T) {
	var st streamStore
	st.first = 1
	rng := rand.New(rand.NewPCG(1, 2))
	var want [][]byte
	at := time.Date(2026, 1, 2, 3, 4, 5, 6, time.UTC)
	for i := range 3000 {
		var d []byte
		if i%500 < 100 { // incompressible runs
			d = make([]byte, 300)
			for j := range d {
				d[j] = byte(rng.Uint32())
			}
		} else {
			d = fmt.Appendf(nil, `{"n":%d,"text":%q}`, i, strings.Repeat("abc ", i%50))
		}
		st.push(d, feed.KindJSON, at)
		want = append(want, d)
	}
	st.grow([]byte("+tail"))
	want[len(want)-1] = append(want[len(want)-1], "+tail"...)
	if len(st.chunks) < 5 {
		t.Fatalf("%d sealed chunks, want several", len(st.chunks))
	}
	check := func() {
		t.Helper()
		for i := range st.recs {
			if got := st.data(i); !bytes.Equal(got, want[st.first-1+i]) {
				t.Fatalf("message %d: got %q, want %q", st.first+i, got, want[st.first-1+i])
			}
		}
		// Reading backwards unpacks chunks out of order.
		for i := len(st.recs) - 1; i >= 0; i -= 97 {
			if got := st.data(i); !bytes.Equal(got, want[st.first-1+i]) {
				t.Fatalf("message %d, read backwards: got %q", st.first+i, got)
			}
		}
	}
	check()
	if got := st.time(&st.recs[0]); !got.Equal(at) {
		t.Errorf("arrival %v, want %v", got, at)
	}
	chunks := len(st.chunks)
	if !st.trim(1000, 1<<30) || len(st.recs) != 900 || st.first != 2101 {
		t.Fatalf("after trim: %d messages from %d, want 900 from 2101", len(st.recs), st.first)
	}
	if len(st.chunks) >= chunks {
		t.Errorf("trim kept all %d chunks", chunks)
	}
	check()
	if st.trim(1000, 1<<30) {
		t.Error("trimmed again under the bound")
	}
}

// A long stream: only rows near the screen are made, memory is bounded,
// and the view's keys work on the far past as on the newest rows.
func TestLongStreamViewIsVirtual(t *testing.T) {
	const n = 60_000 // past maxStreamItems: the oldest are dropped
	s := newTestStream(t, 100, 30)
	for _, b := range streamBenchBatches(n) {
		s.Update(NewStreamMsg(b))
		s.Update(frameTickMsg{})
	}
	screen := assertScreen(t, s)
	if !strings.Contains(screen, fmt.Sprintf(`{"n":%d,`, n-1)) || !strings.Contains(screen, fmt.Sprintf("%d messages", n)) {
		t.Fatalf("the newest message or the count is not on screen:\n%s", screen)
	}
	if len(s.store.recs) > maxStreamItems || len(s.rows.items) > maxCachedRows {
		t.Errorf("kept %d messages and %d made rows, bounds %d and %d", len(s.store.recs), len(s.rows.items), maxStreamItems, maxCachedRows)
	}
	s.Update(press("g"))
	oldest := s.store.first - 1 // messages count from 1, "n" from 0
	if screen := assertScreen(t, s); !strings.Contains(screen, fmt.Sprintf(`{"n":%d,`, oldest)) || s.follow {
		t.Fatalf("g does not show the oldest kept message %d (follow %v):\n%s", oldest, s.follow, screen)
	}
	s.Update(press("down"))
	s.Update(press("enter")) // expand the selected message
	if screen := assertScreen(t, s); !strings.Contains(screen, fmt.Sprintf(`"n": %d,`, oldest+1)) || !strings.Contains(screen, `  "kind": "event",`) {
		t.Fatalf("enter does not indent message %d:\n%s", oldest+1, screen)
	}
	s.Update(press("G"))
	s.Update(frameTickMsg{})
	if screen := assertScreen(t, s); !strings.Contains(screen, fmt.Sprintf(`{"n":%d,`, n-1)) || !s.follow {
		t.Fatalf("G does not follow the newest again:\n%s", screen)
	}
}

// Search over a long stream finds a message far back, renders only the
// rows that may match, and jumps to it.
func TestLongStreamSearch(t *testing.T) {
	s := newTestStream(t, 100, 30)
	for _, b := range streamBenchBatches(5000) {
		s.Update(NewStreamMsg(b))
	}
	s.Update(frameTickMsg{})
	s.Update(press("/"))
	for _, r := range `"N":1234,` { // in another case
		s.Update(press(string(r)))
	}
	s.Update(press("enter"))
	if s.search.total != 1 || s.follow {
		t.Errorf("%d matches of message 1234 (follow %v), want 1, paused", s.search.total, s.follow)
	}
	if screen := assertScreen(t, s); !strings.Contains(screen, `{"n":1234,`) {
		t.Fatalf("the match is not on screen:\n%s", screen)
	}
}

// Search finds text that the view shows differently from the bytes it
// keeps: JSON with whitespace the compaction removes.
func TestStreamSearchMatchesWhatIsShown(t *testing.T) {
	s := newTestStream(t, 80, 20)
	s.Update(streamBatch(feed.KindJSON, `{"a" :  1}`, `{"b":2}`, "\"caf\u00e9\""))
	s.Update(frameTickMsg{})
	for q, want := range map[string]int{`{"a":1}`: 1, `"B":2`: 1, `café`: 1, `"c":`: 0} {
		s.Update(press("/"))
		for _, r := range q {
			s.Update(press(string(r)))
		}
		if s.search.total != want {
			t.Errorf("search %q: %d matches, want %d", q, s.search.total, want)
		}
		s.Update(press("esc"))
	}
}

// plainLines, search's shortcut, gives exactly the rendered lines without
// their styling, or nil where it does not apply.
func TestStreamPlainLinesAreTheRenderedText(t *testing.T) {
	s := newTestStream(t, 60, 20)
	long := strings.Repeat("word  ", 30)
	s.Update(streamBatch(feed.KindJSON, `{"a" :  1}`, `{"t":"`+long+`"}`, `[1, 2,`+strings.Repeat("x", 130)+`]`, `"caf`+"\u00e9"+`"`, `""`))
	s.Update(streamBatch(feed.KindLines, long, "tab\there", "x"))
	s.Update(frameTickMsg{})
	for i := range s.lay.len() {
		got := s.plainLines(i)
		it := s.lay.item(i)
		var want []string
		for _, l := range s.lines(it) {
			want = append(want, ansi.Strip(l))
		}
		if got != nil && strings.Join(got, "\n") != strings.Join(want, "\n") {
			t.Errorf("row %d (%q): plain lines\n%q\nrendered\n%q", i, it.data.Data, got, want)
		}
		if nonASCII := strings.ContainsAny(it.data.Data, "\u00e9\t"); nonASCII != (got == nil) {
			t.Errorf("row %d (%q): plain lines %q, want them only for printable ASCII", i, it.data.Data, got)
		}
	}
}
