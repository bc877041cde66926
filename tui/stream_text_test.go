package tui

import (
	"strings"
	"testing"

	"github.com/dstail/dstail/feed"
)

func textChunks(closed bool, chunks ...string) StreamMsg {
	b := &feed.Batch{Kind: feed.KindText, Closed: closed}
	for _, c := range chunks {
		b.Messages = append(b.Messages, feed.Message{Data: []byte(c)})
	}
	return NewStreamMsg(b)
}

// Chunks of a text stream join into lines: a chunk continues the current
// line, which shows as it grows; a newline ends it. Inline output prints a
// line only once it ended (or the stream did).
func TestStreamTextChunksJoinIntoLines(t *testing.T) {
	m := newTestStream(t, 60, 14)
	s := m
	m.Update(textChunks(false, "a b"))
	m.Update(frameTickMsg{})
	if screen := assertScreen(t, m); !strings.Contains(screen, "a b") {
		t.Fatalf("the partial line is not shown at once:\n%s", screen)
	}
	m.Update(textChunks(false, "  c", "\n\nsecond\r\nthi"))
	m.Update(textChunks(false, "rd"))
	m.Update(frameTickMsg{})
	screen := assertScreen(t, m)
	for _, want := range []string{"a b  c", "second", "third", "4 messages"} {
		if !strings.Contains(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	var lines []string
	for i := range s.store.recs {
		lines = append(lines, string(s.store.data(i)))
	}
	if want := []string{"a b  c", "", "second", "thi" + "rd"}; strings.Join(lines, "|") != strings.Join(want, "|") {
		t.Errorf("entries %q, want %q", lines, want)
	}
	if got := s.takeFinished(); len(got) != 3 {
		t.Errorf("%d entries finished, want the 3 ended lines, not the current one", len(got))
	}
	m.Update(textChunks(true, "!"))
	if got := s.takeFinished(); len(got) != 1 || got[0].data.Data != "third!" {
		t.Errorf("after the close, finished %d entries, want the last line \"third!\"", len(got))
	}
}
