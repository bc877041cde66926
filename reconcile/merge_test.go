package reconcile

import (
	"encoding/json"
	"reflect"
	"testing"
)

// eventsRebuild applies Merge's events to an empty model and requires the
// same state as the model Merge worked on.
func eventsRebuild(t *testing.T, sessionID string, events []Event, want State) {
	t.Helper()
	viewer := New(sessionID)
	for _, ev := range events {
		if !ev.Synthetic || ev.ID != "" || ev.Sync {
			t.Fatalf("merge event %s is not synthetic: %+v", ev.Type, ev)
		}
		if !Known(ev.Type) {
			t.Fatalf("merge event of unknown type %q", ev.Type)
		}
		viewer.Apply(ev)
	}
	if got := viewer.State(); !reflect.DeepEqual(got, want) {
		t.Fatalf("events from Merge rebuild a different state:\n%v", CompareMessages(got.Messages, want.Messages))
	}
}

func TestMergeFromEmpty(t *testing.T) {
	for _, sc := range fullScenarios {
		t.Run(sc.name, func(t *testing.T) {
			rest := loadREST(t, sc.rest)
			m := New(rest.sessionID)
			events := m.Merge(rest.snapshot)
			if len(events) == 0 {
				t.Fatal("no events from a non-empty snapshot")
			}
			st := m.State()
			assertMatchesREST(t, st.Messages, rest.messages)
			if st.Session == nil || st.Session.ID != rest.sessionID || st.Status.Type != "idle" {
				t.Errorf("session %+v status %+v", st.Session, st.Status)
			}
			eventsRebuild(t, rest.sessionID, events, st)
			if again := m.Merge(rest.snapshot); len(again) != 0 {
				t.Errorf("merging the same snapshot again gave %d events", len(again))
			}
		})
	}
}

// A client that was connected for part of a session merges the final REST
// state; a viewer holding the same partial state reaches the same state by
// applying the returned events. Events buffered before the REST fetch and
// applied afterwards (all older than the snapshot) must not undo it.
func TestMergeFromPartialState(t *testing.T) {
	for _, sc := range globalScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			rest := loadREST(t, sc.rest)
			events := decodeCapture(t, sc.streams[0])
			for _, cut := range []int{len(events) / 4, len(events) / 2, 3 * len(events) / 4} {
				m := replayed(rest.sessionID, events[:cut])
				merged := m.Merge(rest.snapshot)
				st := m.State()
				assertMatchesREST(t, st.Messages, rest.messages)

				viewer := replayed(rest.sessionID, events[:cut])
				replay(viewer, merged)
				if !reflect.DeepEqual(viewer.State(), st) {
					t.Fatalf("cut %d: viewer applying merge events differs:\n%v", cut, CompareMessages(viewer.Messages(), st.Messages))
				}

				replay(m, events[cut:])
				assertMatchesREST(t, m.Messages(), rest.messages)
				if m.Status().Type != "idle" {
					t.Errorf("cut %d: status %q after draining the buffer", cut, m.Status().Type)
				}
			}
		})
	}
}

// Merging an older snapshot after a newer state changes nothing: messages
// and parts keep their later life stage, and items newer than the old
// snapshot are not taken for deletions.
func TestOlderSnapshotAfterNewerChangesNothing(t *testing.T) {
	tests := []struct{ newer, older string }{
		{"l-late-join.rest", "l-late-join.rest.0-midstream-0"},
		{"l-late-join.rest", "l-late-join.rest.0-midstream-2"},
		{"f1-restart-sigterm.rest.2-after-followup", "f1-restart-sigterm.rest.1-after-restart"},
		{"f2-restart-sigkill.rest.1-after-restart", "f2-restart-sigkill.rest.0-before-kill"},
	}
	for _, tc := range tests {
		t.Run(tc.older, func(t *testing.T) {
			newer, older := loadREST(t, tc.newer), loadREST(t, tc.older)
			m := New(newer.sessionID)
			m.Merge(newer.snapshot)
			want := m.State()
			old := older.snapshot
			old.Status = nil // status has no version: a status map is taken as current
			if events := m.Merge(old); len(events) != 0 {
				t.Errorf("older snapshot produced %d events, first %s %s", len(events), events[0].Type, events[0].Data)
			}
			if !reflect.DeepEqual(want, m.State()) {
				t.Fatal("older snapshot changed the state")
			}
		})
	}
}

func TestMergeTruncatedPageKeepsOlderMessages(t *testing.T) {
	rest := loadREST(t, "c-tool.rest")
	page, err := DecodeMessages(readFixture(t, "c-tool.rest.messages.limit2.json"))
	if err != nil {
		t.Fatal(err)
	}
	if len(page) != 2 || len(rest.messages) != 3 {
		t.Fatalf("fixture: page %d of %d messages", len(page), len(rest.messages))
	}
	tests := []struct {
		name         string
		truncated    bool
		wantMessages int
	}{
		{"page marked truncated", true, 3},
		{"page taken as the full list", false, 2},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := replayed(rest.sessionID, decodeCapture(t, "c-tool.global.sse"))
			events := m.Merge(Snapshot{Messages: page, Truncated: tc.truncated})
			if got := len(m.Messages()); got != tc.wantMessages {
				t.Fatalf("%d messages after merge, want %d (events %d)", got, tc.wantMessages, len(events))
			}
		})
	}
}

func TestMergeRemovesWhatTheServerDeleted(t *testing.T) {
	rest := loadREST(t, "c-tool.rest")
	m := New(rest.sessionID)
	m.Merge(rest.snapshot)

	// The server dropped the first step (as a revert would) and touched the
	// session afterwards.
	snap := rest.snapshot
	snap.Messages = []WireMessage{snap.Messages[0], snap.Messages[2]}
	firstStep := rest.messages[1]
	snap.Session = withNumber(t, snap.Session, "time", "updated", rest.messages[2].Completed+1000)

	events := m.Merge(snap)
	var removed []string
	for _, ev := range events {
		if ev.Type == TypeMessageRemoved || ev.Type == TypePartRemoved {
			removed = append(removed, ev.Type)
		}
	}
	if len(removed) != len(firstStep.Parts)+1 {
		t.Fatalf("removal events %v, want %d part removals and one message removal", removed, len(firstStep.Parts))
	}
	if got := len(m.Messages()); got != 2 {
		t.Fatalf("%d messages", got)
	}
	// A late copy of the removed message or its part cannot bring them back.
	for _, ev := range decodeCapture(t, "c-tool.global.sse") {
		m.Apply(ev)
	}
	for _, msg := range m.Messages() {
		if msg.ID == firstStep.ID {
			t.Fatal("removed message came back")
		}
	}
}

func TestMergeStatusAndPermissions(t *testing.T) {
	rest := loadREST(t, "h-permission.rest")
	asking, err := DecodeStatusMap(readFixture(t, "h-permission.rest.status-while-asking.json"))
	if err != nil {
		t.Fatal(err)
	}
	pending, err := DecodeList(readFixture(t, "h-permission.rest.permission-list.json"))
	if err != nil {
		t.Fatal(err)
	}
	m := New(rest.sessionID)
	m.Merge(Snapshot{Status: asking, Permissions: pending})
	st := m.State()
	if st.Status.Type != "busy" || len(st.Permissions) != 1 || st.Permissions[0].SessionID != rest.sessionID {
		t.Fatalf("status %q permissions %+v", st.Status.Type, st.Permissions)
	}

	events := m.Merge(Snapshot{Status: map[string]json.RawMessage{}, Permissions: []json.RawMessage{}})
	types := map[string]bool{}
	for _, ev := range events {
		types[ev.Type] = true
	}
	if !types[TypeSessionStatus] || !types[TypePermissionReplied] || len(events) != 2 {
		t.Fatalf("events %v", events)
	}
	if st := m.State(); st.Status.Type != "idle" || len(st.Permissions) != 0 {
		t.Fatalf("status %q permissions %d", st.Status.Type, len(st.Permissions))
	}
	// The answered request cannot come back from a stale list.
	if events := m.Merge(Snapshot{Permissions: pending}); len(events) != 0 {
		t.Fatalf("stale permission list produced %v", events)
	}
}

// withNumber returns obj with obj[outer][inner] set to n.
func withNumber(t *testing.T, obj json.RawMessage, outer, inner string, n int64) json.RawMessage {
	t.Helper()
	var fields map[string]any
	if err := json.Unmarshal(obj, &fields); err != nil {
		t.Fatal(err)
	}
	nested, _ := fields[outer].(map[string]any)
	if nested == nil {
		nested = map[string]any{}
	}
	nested[inner] = n
	fields[outer] = nested
	out, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
