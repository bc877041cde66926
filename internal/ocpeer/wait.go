package ocpeer

import (
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"testing"
	"time"
)

const pollEvery = 100 * time.Millisecond

// WaitIdle waits until the session's last turn is over: the session is not
// busy or retrying, every prompt sent through Prompt has a user message,
// and the newest message is a completed assistant message that does not
// hand over to tools. Status alone is not enough: prompt_async returns
// before the session turns busy, and after a failure or abort the idle
// status arrives before the final message update.
//
// An assistant message cut off by a server kill never completes, so after
// Restart wait only on a new prompt.
func (s *Server) WaitIdle(t testing.TB, sessionID string, timeout time.Duration) {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		why := s.turnPending(t, sessionID)
		if why == "" {
			return
		}
		if time.Now().After(deadline) {
			t.Fatalf("ocpeer: session %s not idle after %s: %s\nopencode log tail:\n%s",
				sessionID, timeout, why, s.LogTail(40))
		}
		time.Sleep(pollEvery)
	}
}

// turnPending says why the session's turn is not over ("" when it is).
func (s *Server) turnPending(t testing.TB, sessionID string) string {
	t.Helper()
	if st, busy := s.Status(t, s.sessionDir(t, sessionID))[sessionID]; busy && st.Type != "idle" {
		return "status " + st.Type
	}
	var msgs []struct {
		Info struct {
			Role   string          `json:"role"`
			Finish string          `json:"finish"`
			Error  json.RawMessage `json:"error"`
			Time   struct {
				Completed int64 `json:"completed"`
			} `json:"time"`
		} `json:"info"`
	}
	if err := json.Unmarshal(s.Messages(t, sessionID), &msgs); err != nil {
		t.Fatalf("ocpeer: decode messages of %s: %v", sessionID, err)
	}
	users := 0
	for _, m := range msgs {
		if m.Info.Role == "user" {
			users++
		}
	}
	s.mu.Lock()
	sent := s.prompts[sessionID]
	s.mu.Unlock()
	if users < sent {
		return fmt.Sprintf("%d of %d prompts stored", users, sent)
	}
	if len(msgs) == 0 {
		return ""
	}
	last := msgs[len(msgs)-1].Info
	switch {
	case last.Role != "assistant":
		return "no answer to the last user message yet"
	case last.Time.Completed == 0:
		return "assistant message still streaming"
	case last.Finish == "tool-calls" && len(last.Error) == 0:
		return "tools running"
	}
	return ""
}

// Warmup runs one plain turn in dir ("" = Dir()) so the instance has booted
// (its ~50 housekeeping events, plugin.added etc., are then behind you).
// The warm-up session stays in the database.
func (s *Server) Warmup(t testing.TB, dir string) {
	t.Helper()
	id := s.CreateSession(t, dir)
	s.Prompt(t, id, Tag(ScnPlain)+" warm up")
	s.WaitIdle(t, id, 60*time.Second)
}

// Session returns GET /session/ID.
func (s *Server) Session(t testing.TB, sessionID string) json.RawMessage {
	t.Helper()
	return s.expect(t, http.MethodGet, "/session/"+url.PathEscape(sessionID), nil)
}
