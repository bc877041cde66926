package reconcile

import (
	"reflect"
	"strings"
	"testing"
)

// Replaying a capture that covers a session from its creation must give
// exactly what the server stored: every part's text, types, tool states
// and message errors.
func TestReplayMatchesREST(t *testing.T) {
	for _, sc := range fullScenarios {
		rest := loadREST(t, sc.rest)
		for _, stream := range sc.streams {
			t.Run(sc.name+"/"+stream, func(t *testing.T) {
				m := replayed(rest.sessionID, decodeCapture(t, stream))
				got := m.Messages()
				assertMatchesREST(t, got, rest.messages)
				for _, msg := range got {
					if msg.Placeholder || msg.Interrupted || msg.Running() {
						t.Errorf("message %s: placeholder=%v interrupted=%v running=%v",
							msg.ID, msg.Placeholder, msg.Interrupted, msg.Running())
					}
					for _, p := range msg.Parts {
						if p.Incomplete || !p.Ended {
							t.Errorf("part %s: incomplete=%v ended=%v", p.ID, p.Incomplete, p.Ended)
						}
					}
				}
				if st := m.Status(); st.Type != "idle" {
					t.Errorf("final status %q, want idle", st.Type)
				}
			})
		}
	}
}

// The global stream carries every durable event twice (plain + sync twin);
// folding it must give the same messages as the twin-less /event stream.
func TestSyncTwinsDoNotDoubleText(t *testing.T) {
	for _, sc := range fullScenarios {
		t.Run(sc.name, func(t *testing.T) {
			rest := loadREST(t, sc.rest)
			global := replayed(rest.sessionID, decodeCapture(t, sc.streams[0])).Messages()
			event := replayed(rest.sessionID, decodeCapture(t, sc.streams[1])).Messages()
			if !reflect.DeepEqual(global, event) {
				t.Fatalf("global and event streams fold differently:\n%v", CompareMessages(global, event))
			}
		})
	}
}

func TestReplayDetails(t *testing.T) {
	tests := []struct {
		name    string
		rest    string
		capture string
		check   func(t *testing.T, st State)
	}{
		{"reasoning part streamed into text", "b-reasoning.rest", "b-reasoning.event.sse", func(t *testing.T, st State) {
			assistant := st.Messages[1]
			wantTypes := []string{"step-start", "reasoning", "text", "step-finish"}
			if got := partTypes(assistant); !reflect.DeepEqual(got, wantTypes) {
				t.Fatalf("part types %v, want %v", got, wantTypes)
			}
			if got := assistant.Parts[1].Text; !strings.HasPrefix(got, "Let me think about this.") {
				t.Errorf("reasoning text %q", got)
			}
			if assistant.Finish != "stop" || assistant.Completed == 0 {
				t.Errorf("finish %q completed %d", assistant.Finish, assistant.Completed)
			}
		}},
		{"tool states", "c-tool.rest", "c-tool.global.sse", func(t *testing.T, st State) {
			var tools []string
			for _, msg := range st.Messages {
				for _, p := range msg.Parts {
					if p.Tool != nil {
						tools = append(tools, p.Tool.Name+":"+p.Tool.Status)
					}
				}
			}
			want := []string{"read:completed", "read:error", "bash:completed"}
			if !reflect.DeepEqual(tools, want) {
				t.Fatalf("tools %v, want %v", tools, want)
			}
			bash := st.Messages[1].Parts[len(st.Messages[1].Parts)-3]
			if bash.Tool == nil || bash.Tool.Output != "hello-from-tool\n" {
				t.Errorf("bash part %+v", bash.Tool)
			}
			if got := []string{st.Messages[1].Finish, st.Messages[2].Finish}; !reflect.DeepEqual(got, []string{"tool-calls", "stop"}) {
				t.Errorf("finishes %v", got)
			}
		}},
		{"failed turn", "d-error.rest", "d-error.global.sse", func(t *testing.T, st State) {
			failed := st.Messages[1]
			if failed.Error == nil || failed.Error.Name != "APIError" || len(failed.Parts) != 0 {
				t.Fatalf("assistant error %+v parts %d", failed.Error, len(failed.Parts))
			}
			if st.Error == nil || !strings.Contains(st.Error.Message, "non-retryable") {
				t.Errorf("session error %+v", st.Error)
			}
		}},
		{"abort keeps partial text", "e-abort.rest", "e-abort.event.sse", func(t *testing.T, st State) {
			aborted := st.Messages[1]
			if !aborted.Aborted() || aborted.Running() {
				t.Fatalf("aborted=%v running=%v", aborted.Aborted(), aborted.Running())
			}
			text := aborted.Parts[len(aborted.Parts)-1]
			if text.Type != "text" || !text.Ended || text.Text == "" {
				t.Errorf("text part %+v", text)
			}
		}},
		{"subagent child listed", "n-subagent.rest", "n-subagent.global.sse", func(t *testing.T, st State) {
			if len(st.Children) != 1 || st.Children[0].Title != "Child work (@general subagent)" {
				t.Fatalf("children %+v", st.Children)
			}
			child := st.Children[0]
			if child.ParentID != st.Session.ID {
				t.Errorf("child parent %q", child.ParentID)
			}
			task := findTool(st, "task")
			if task == nil || task.ChildSession != child.ID {
				t.Errorf("task tool %+v, child %s", task, child.ID)
			}
		}},
		{"session info", "a-plain.rest", "a-plain.global.sse", func(t *testing.T, st State) {
			s := st.Session
			if s == nil || s.Title != "Mock title for plain" || s.Directory == "" || s.ModelID != "mock-model" || s.Tokens.Input == 0 {
				t.Fatalf("session %+v", s)
			}
		}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			rest := loadREST(t, tc.rest)
			tc.check(t, replayed(rest.sessionID, decodeCapture(t, tc.capture)).State())
		})
	}
}

func TestStatsCountIgnoredEvents(t *testing.T) {
	events := decodeCapture(t, "a-plain.event.sse")
	rest := loadREST(t, "a-plain.rest")
	unknown := 0
	for _, ev := range events {
		if !Known(ev.Type) {
			unknown++
		}
	}
	m := replayed(rest.sessionID, events)
	stats := m.Stats()
	if unknown < 45 || stats.Unknown != unknown {
		t.Errorf("unknown events counted %d, decoded %d (want >= 45 plugin.added)", stats.Unknown, unknown)
	}
	if total := stats.Changed + stats.Unchanged + stats.Unknown + stats.OtherSession + stats.Malformed; total != len(events) {
		t.Errorf("stats %+v do not add up to %d events", stats, len(events))
	}
	if stats.Malformed != 0 {
		t.Errorf("malformed %d", stats.Malformed)
	}
}

func partTypes(msg Message) []string {
	var types []string
	for _, p := range msg.Parts {
		types = append(types, p.Type)
	}
	return types
}

func findTool(st State, name string) *ToolCall {
	for _, msg := range st.Messages {
		for _, p := range msg.Parts {
			if p.Tool != nil && p.Tool.Name == name {
				return p.Tool
			}
		}
	}
	return nil
}

// Failures and aborts report idle before the message's final copy; no
// message of a session that did not crash may ever look interrupted.
func TestNoInterruptionWithoutCrash(t *testing.T) {
	for _, sc := range globalScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			rest := loadREST(t, sc.rest)
			m := New(rest.sessionID)
			for i, ev := range decodeCapture(t, sc.streams[0]) {
				if !m.Apply(ev) {
					continue
				}
				for _, msg := range m.Messages() {
					if msg.Interrupted {
						t.Fatalf("after event %d (%s): message %s marked interrupted", i, ev.Type, msg.ID)
					}
				}
			}
		})
	}
}

// j-v2-probe has no legacy REST answer: its two streams must fold to the
// same finished turn.
func TestReplayV2ProbeStreamsAgree(t *testing.T) {
	global := decodeCapture(t, "j-v2-probe.global.sse")
	sessionID := ""
	for _, ev := range global {
		if ev.Type == TypeSessionCreated {
			sessionID = ev.Session
			break
		}
	}
	if sessionID == "" {
		t.Fatal("no session.created in the capture")
	}
	fromGlobal := replayed(sessionID, global).Messages()
	fromEvent := replayed(sessionID, decodeCapture(t, "j-v2-probe.event.sse")).Messages()
	if !reflect.DeepEqual(fromGlobal, fromEvent) {
		t.Fatalf("streams differ: %v", CompareMessages(fromGlobal, fromEvent))
	}
	if len(fromGlobal) != 2 || fromGlobal[1].Completed == 0 {
		t.Fatalf("messages %+v", fromGlobal)
	}
	for _, p := range fromGlobal[1].Parts {
		if !p.Ended || p.Incomplete || (p.Type == "text" && p.Text == "") {
			t.Errorf("part %s %s: ended=%v incomplete=%v text=%q", p.ID, p.Type, p.Ended, p.Incomplete, p.Text)
		}
	}
}
