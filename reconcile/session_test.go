package reconcile

import (
	"fmt"
	"reflect"
	"strings"
	"testing"
)

// Status follows the server through busy, retry (with attempt, message and
// next time) and idle.
func TestStatusRetrySequence(t *testing.T) {
	tests := []struct {
		capture string
		rest    string
		want    []Status
	}{
		{"d-error.event.sse", "d-error.rest", []Status{
			{Type: "busy"},
			{Type: "retry", Attempt: 1, Message: "mock rate limit: slow down", Next: 1795529132969},
			{Type: "busy"},
			{Type: "retry", Attempt: 2, Message: "mock internal server error", Next: 1795529137280},
			{Type: "busy"},
			{Type: "idle"},
		}},
		{"d2-retry-ok.global.sse", "d2-retry-ok.rest", nil},
	}
	for _, tc := range tests {
		t.Run(tc.capture, func(t *testing.T) {
			rest := loadREST(t, tc.rest)
			m := New(rest.sessionID)
			var seen []Status
			for _, ev := range decodeCapture(t, tc.capture) {
				if m.Apply(ev) {
					st := m.Status()
					st.Raw = nil
					if st.Type != "" && (len(seen) == 0 || !reflect.DeepEqual(seen[len(seen)-1], st)) {
						seen = append(seen, st)
					}
				}
			}
			if tc.want == nil {
				retries := 0
				for _, st := range seen {
					if st.Type == "retry" {
						retries++
					}
				}
				if retries != 1 || seen[len(seen)-1].Type != "idle" {
					t.Fatalf("statuses %+v, want one retry and idle at the end", seen)
				}
				return
			}
			if len(seen) != len(tc.want) {
				t.Fatalf("statuses %+v\nwant %+v", seen, tc.want)
			}
			for i := range seen {
				if !reflect.DeepEqual(seen[i], tc.want[i]) {
					t.Errorf("status %d: %+v, want %+v", i, seen[i], tc.want[i])
				}
			}
		})
	}
}

func TestSessionErrorClearedByNextAttempt(t *testing.T) {
	const sid = "ses_a"
	steps := []struct {
		frame     string
		wantError string
	}{
		{`{"id":"evt_01","type":"session.status","properties":{"sessionID":"ses_a","status":{"type":"busy"}}}`, ""},
		{`{"id":"evt_02","type":"session.error","properties":{"sessionID":"ses_a","error":{"name":"APIError","data":{"message":"boom"}}}}`, "boom"},
		{`{"id":"evt_03","type":"session.status","properties":{"sessionID":"ses_a","status":{"type":"idle"}}}`, "boom"},
		{`{"id":"evt_01","type":"session.status","properties":{"sessionID":"ses_a","status":{"type":"busy"}}}`, "boom"},
		{`{"id":"evt_04","type":"session.status","properties":{"sessionID":"ses_a","status":{"type":"busy"}}}`, ""},
		{`{"id":"evt_02","type":"session.error","properties":{"sessionID":"ses_a","error":{"name":"APIError","data":{"message":"boom"}}}}`, ""},
	}
	m := New(sid)
	for i, step := range steps {
		m.Apply(mustDecode(t, step.frame))
		got := ""
		if e := m.State().Error; e != nil {
			got = e.Message
		}
		if got != step.wantError {
			t.Fatalf("step %d: error %q, want %q", i, got, step.wantError)
		}
	}
}

func TestPermissionAskedAndReplied(t *testing.T) {
	rest := loadREST(t, "h-permission.rest")
	events := decodeCapture(t, "h-permission.global.sse")
	m := New(rest.sessionID)
	var asked Event
	for _, ev := range events {
		m.Apply(ev)
		switch ev.Type {
		case TypePermissionAsked:
			asked = ev
			p := m.State().Permissions
			if len(p) != 1 || p[0].ID != "per_20de09b55001RPdRWI1NiP0Y5D" || p[0].SessionID != rest.sessionID {
				t.Fatalf("pending after ask: %+v", p)
			}
		case TypePermissionReplied:
			if p := m.State().Permissions; len(p) != 0 {
				t.Fatalf("pending after reply: %+v", p)
			}
		}
	}
	if asked.Type == "" {
		t.Fatal("capture has no permission.asked")
	}
	if m.Apply(asked) || len(m.State().Permissions) != 0 {
		t.Fatal("a late duplicate of the ask revived an answered request")
	}
}

func TestQuestionLifecycle(t *testing.T) {
	m := New("ses_q")
	ask := `{"id":"evt_1","type":"question.asked","properties":{"id":"que_1","sessionID":"ses_q","questions":[{"question":"Proceed?"}]}}`
	steps := []struct {
		frame       string
		wantChanged bool
		wantPending int
	}{
		{ask, true, 1},
		{ask, false, 1},
		{`{"id":"evt_2","type":"question.rejected","properties":{"sessionID":"ses_q","requestID":"que_1"}}`, true, 0},
		{ask, false, 0},
		{`{"id":"evt_3","type":"question.asked","properties":{"id":"que_2","sessionID":"ses_q","questions":[]}}`, true, 1},
		{`{"id":"evt_4","type":"question.replied","properties":{"sessionID":"ses_q","requestID":"que_2","answers":[["yes"]]}}`, true, 0},
		{`{"id":"evt_5","type":"question.asked","properties":{"id":"que_3","sessionID":"ses_other","questions":[]}}`, false, 0},
	}
	for i, step := range steps {
		if got := m.Apply(mustDecode(t, step.frame)); got != step.wantChanged {
			t.Errorf("step %d: changed %v, want %v", i, got, step.wantChanged)
		}
		if got := len(m.State().Questions); got != step.wantPending {
			t.Errorf("step %d: %d pending, want %d", i, got, step.wantPending)
		}
	}
}

func TestChildSessions(t *testing.T) {
	parent := loadREST(t, "n-subagent.rest")
	childREST := loadREST(t, "n-subagent.rest.child")
	children, err := DecodeList(readFixture(t, "n-subagent.rest.children.json"))
	if err != nil {
		t.Fatal(err)
	}
	m := New(parent.sessionID)
	events := m.Merge(Snapshot{Children: children})
	st := m.State()
	if len(events) != 1 || len(st.Children) != 1 || st.Children[0].ID != childREST.sessionID {
		t.Fatalf("children %+v from %d events", st.Children, len(events))
	}
	// The live stream of the parent brings nothing newer about the child.
	replay(m, decodeCapture(t, "n-subagent.global.sse"))
	if got := m.State().Children; len(got) != 1 || got[0].Title != "Child work (@general subagent)" || got[0].Tokens.Input != 100 {
		t.Fatalf("children after replay %+v", got)
	}
	deleted := `{"id":"evt_x","type":"session.deleted","properties":{"sessionID":"` + childREST.sessionID +
		`","info":{"id":"` + childREST.sessionID + `","parentID":"` + parent.sessionID + `"}}}`
	if !m.Apply(mustDecode(t, deleted)) || len(m.State().Children) != 0 {
		t.Fatal("deleted child still listed")
	}
	if m.Merge(Snapshot{Children: children}) != nil || len(m.State().Children) != 0 {
		t.Fatal("a stale children list revived a deleted child")
	}
}

func mustDecode(t testing.TB, frame string) Event {
	t.Helper()
	ev, _, err := DecodeFrame([]byte(frame))
	if err != nil {
		t.Fatalf("decode %s: %v", frame, err)
	}
	return ev
}

func TestSessionInfoTodosAndDiff(t *testing.T) {
	info := func(title string, updated int) string {
		return fmt.Sprintf(`{"sessionID":"ses_t","info":{"id":"ses_t","title":%q,"time":{"created":1,"updated":%d}}}`, title, updated)
	}
	steps := []struct {
		ev          Event
		wantChanged bool
		check       func(st State) bool
	}{
		{mustDecode(t, frame("evt_1", TypeSessionCreated, info("New session - 2026", 1))), true,
			func(st State) bool { return st.Session.Title == "New session - 2026" }},
		{mustDecode(t, frame("evt_2", TypeSessionUpdated, info("Generated", 1))), true,
			func(st State) bool { return st.Session.Title == "Generated" }},
		// A snapshot copy with the default title and the same time is older.
		{synth(t, TypeSessionUpdated, info("New session - 2026", 1)), false,
			func(st State) bool { return st.Session.Title == "Generated" }},
		{synth(t, TypeSessionUpdated, info("Renamed", 5)), true,
			func(st State) bool { return st.Session.Title == "Renamed" && st.Session.Updated == 5 }},
		{mustDecode(t, frame("evt_3", TypeTodoUpdated, `{"sessionID":"ses_t","todos":[{"content":"a","status":"pending"}]}`)), true,
			func(st State) bool { return strings.Contains(string(st.Todos), `"content":"a"`) }},
		{mustDecode(t, frame("evt_2", TypeTodoUpdated, `{"sessionID":"ses_t","todos":[]}`)), false,
			func(st State) bool { return strings.Contains(string(st.Todos), `"content":"a"`) }},
		{mustDecode(t, frame("evt_4", TypeSessionDiff, `{"sessionID":"ses_t","diff":[{"file":"x","additions":1,"deletions":0}]}`)), true,
			func(st State) bool { return strings.Contains(string(st.Diff), `"file":"x"`) }},
		{mustDecode(t, frame("evt_5", TypeSessionDeleted, info("Renamed", 6))), true,
			func(st State) bool { return st.Session.Deleted }},
		{mustDecode(t, frame("evt_5", TypeSessionDeleted, info("Renamed", 6))), false,
			func(st State) bool { return st.Session.Deleted }},
	}
	m := New(testSession)
	for i, step := range steps {
		if got := m.Apply(step.ev); got != step.wantChanged {
			t.Errorf("step %d (%s): changed %v, want %v", i, step.ev.Type, got, step.wantChanged)
		}
		if st := m.State(); st.Session == nil || !step.check(st) {
			t.Fatalf("step %d (%s): state %+v", i, step.ev.Type, st.Session)
		}
	}
}

func synth(t *testing.T, eventType, props string) Event {
	t.Helper()
	ev := mustDecode(t, frame("", eventType, props))
	ev.Synthetic = true
	return ev
}
