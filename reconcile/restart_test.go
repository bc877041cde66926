package reconcile

import (
	"strings"
	"testing"
)

// The server is killed while a reply streams and comes back; the
// interrupted assistant message never gets time.completed. The client
// reconnects, merges REST state and follows the next turn.
func TestServerRestartMarksInterruptedMessage(t *testing.T) {
	tests := []struct {
		name    string
		prefix  string
		streams [2]string
		seq     bool
	}{
		{"sigterm global", "f1-restart-sigterm", [2]string{"global.1-before.sse", "global.2-after.sse"}, true},
		{"sigterm event", "f1-restart-sigterm", [2]string{"event.1-before.sse", "event.2-after.sse"}, false},
		{"sigkill global", "f2-restart-sigkill", [2]string{"global.1-before.sse", "global.2-after.sse"}, true},
		{"sigkill event", "f2-restart-sigkill", [2]string{"event.1-before.sse", "event.2-after.sse"}, false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			afterRestart := loadREST(t, tc.prefix+".rest.1-after-restart")
			final := loadREST(t, tc.prefix+".rest.2-after-followup")
			m := replayed(final.sessionID, decodeCapture(t, tc.prefix+"."+tc.streams[0]))

			victim := lastAssistant(t, m.Messages())
			if !victim.Running() || victim.Interrupted {
				t.Fatalf("before the kill: running=%v interrupted=%v", victim.Running(), victim.Interrupted)
			}
			streamed := victim.Parts[len(victim.Parts)-1].Text
			if streamed == "" {
				t.Fatal("no text streamed before the kill")
			}

			m.Merge(afterRestart.snapshot)
			assertMatchesREST(t, m.Messages(), afterRestart.messages)
			victim = lastAssistant(t, m.Messages())
			text := victim.Parts[len(victim.Parts)-1]
			if !victim.Interrupted || victim.Running() {
				t.Fatalf("after restart: interrupted=%v running=%v", victim.Interrupted, victim.Running())
			}
			if text.Text != streamed || !text.Incomplete || text.Ended {
				t.Fatalf("interrupted text part: %q incomplete=%v ended=%v, want the %d streamed bytes kept",
					text.Text, text.Incomplete, text.Ended, len(streamed))
			}

			replay(m, decodeCapture(t, tc.prefix+"."+tc.streams[1]))
			msgs := m.Messages()
			assertMatchesREST(t, msgs, final.messages)
			if got := findMessage(msgs, victim.ID); got == nil || !got.Interrupted {
				t.Fatalf("interrupted message after the follow-up turn: %+v", got)
			}
			if next := lastAssistant(t, msgs); next.ID == victim.ID || next.Interrupted || next.Completed == 0 {
				t.Fatalf("follow-up reply %+v", next)
			}
			seq, ok := m.LastSeq()
			if tc.seq && (!ok || seq != 23) {
				t.Errorf("last seq %d (%v), want 23", seq, ok)
			}
		})
	}
}

// Without a merge in between, the follow-up turn alone shows that the
// earlier reply can no longer finish.
func TestRestartWithoutMergeStillInterrupted(t *testing.T) {
	final := loadREST(t, "f1-restart-sigterm.rest.2-after-followup")
	m := replayed(final.sessionID, decodeCaptures(t,
		"f1-restart-sigterm.global.1-before.sse", "f1-restart-sigterm.global.2-after.sse"))
	interrupted := 0
	for _, msg := range m.Messages() {
		if msg.Interrupted {
			interrupted++
			if !strings.HasPrefix(msg.Parts[len(msg.Parts)-1].Text, "word") {
				t.Errorf("interrupted text %q", msg.Parts[len(msg.Parts)-1].Text)
			}
		}
	}
	if interrupted != 1 {
		t.Fatalf("%d interrupted messages, want 1", interrupted)
	}
}

func lastAssistant(t *testing.T, msgs []Message) Message {
	t.Helper()
	for i := len(msgs) - 1; i >= 0; i-- {
		if msgs[i].Role == "assistant" {
			return msgs[i]
		}
	}
	t.Fatal("no assistant message")
	return Message{}
}

func findMessage(msgs []Message, id string) *Message {
	for i := range msgs {
		if msgs[i].ID == id {
			return &msgs[i]
		}
	}
	return nil
}
