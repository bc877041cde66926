package reconcile

import (
	"bytes"
	"encoding/json"
	"os"
	"path/filepath"
	"testing"
)

const fixtureDir = "testdata/opencode-1.18.33"

func readFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(fixtureDir, name))
	if err != nil {
		t.Fatalf("read fixture: %v", err)
	}
	return data
}

func fixtureExists(name string) bool {
	_, err := os.Stat(filepath.Join(fixtureDir, name))
	return err == nil
}

// sseFrames splits a raw SSE body into the data of each event (several
// data lines of one event are joined with a newline, as SSE specifies).
func sseFrames(t testing.TB, name string) [][]byte {
	t.Helper()
	var frames [][]byte
	for _, block := range bytes.Split(readFixture(t, name), []byte("\n\n")) {
		var data [][]byte
		for _, line := range bytes.Split(block, []byte("\n")) {
			if rest, ok := bytes.CutPrefix(line, []byte("data:")); ok {
				data = append(data, bytes.TrimPrefix(rest, []byte(" ")))
			}
		}
		if len(data) > 0 {
			frames = append(frames, bytes.Join(data, []byte("\n")))
		}
	}
	if len(frames) == 0 {
		t.Fatalf("%s: no frames", name)
	}
	return frames
}

// decodeCapture decodes every frame of a capture and fails on any error.
func decodeCapture(t testing.TB, name string) []Event {
	t.Helper()
	var events []Event
	for i, frame := range sseFrames(t, name) {
		ev, _, err := DecodeFrame(frame)
		if err != nil {
			t.Fatalf("%s frame %d: %v", name, i, err)
		}
		events = append(events, ev)
	}
	return events
}

func decodeCaptures(t testing.TB, names ...string) []Event {
	t.Helper()
	var events []Event
	for _, name := range names {
		events = append(events, decodeCapture(t, name)...)
	}
	return events
}

func replay(m *Model, events []Event) {
	for _, ev := range events {
		m.Apply(ev)
	}
}

func replayed(sessionID string, events []Event) *Model {
	m := New(sessionID)
	replay(m, events)
	return m
}

// restState is the REST answer set of one scenario step.
type restState struct {
	sessionID string
	messages  []Message
	snapshot  Snapshot
}

// loadREST reads <prefix>.messages.json and, when present, the session,
// status, permission and children answers next to it.
func loadREST(t testing.TB, prefix string) restState {
	t.Helper()
	body := readFixture(t, prefix+".messages.json")
	wire, err := DecodeMessages(body)
	if err != nil {
		t.Fatal(err)
	}
	msgs, err := MessagesFromREST(body)
	if err != nil {
		t.Fatal(err)
	}
	st := restState{messages: msgs, snapshot: Snapshot{Messages: wire}}
	if len(msgs) > 0 {
		st.sessionID = msgs[0].SessionID
	}
	if fixtureExists(prefix + ".session.json") {
		st.snapshot.Session = readFixture(t, prefix+".session.json")
		var info struct{ ID string }
		if err := json.Unmarshal(st.snapshot.Session, &info); err != nil {
			t.Fatal(err)
		}
		st.sessionID = info.ID
	}
	if fixtureExists(prefix + ".status.json") {
		status, err := DecodeStatusMap(readFixture(t, prefix+".status.json"))
		if err != nil {
			t.Fatal(err)
		}
		st.snapshot.Status = status
	}
	return st
}

// scenario is one captured session whose streams cover it from creation.
type scenario struct {
	name    string
	rest    string   // REST prefix of the final state
	streams []string // captures that each cover the whole session
}

var fullScenarios = []scenario{
	{"plain", "a-plain.rest", []string{"a-plain.global.sse", "a-plain.event.sse"}},
	{"reasoning", "b-reasoning.rest", []string{"b-reasoning.global.sse", "b-reasoning.event.sse"}},
	{"tool", "c-tool.rest", []string{"c-tool.global.sse", "c-tool.event.sse"}},
	{"error", "d-error.rest", []string{"d-error.global.sse", "d-error.event.sse"}},
	{"retry-ok", "d2-retry-ok.rest", []string{"d2-retry-ok.global.sse", "d2-retry-ok.event.sse"}},
	{"abort", "e-abort.rest", []string{"e-abort.global.sse", "e-abort.event.sse"}},
	{"permission", "h-permission.rest", []string{"h-permission.global.sse", "h-permission.event.sse"}},
	{"concurrent-A1", "g-concurrent.rest.A1", []string{"g-concurrent.global.sse", "g-concurrent.event-projA.sse"}},
	{"concurrent-A2", "g-concurrent.rest.A2", []string{"g-concurrent.global.sse", "g-concurrent.event-projA.sse"}},
	{"concurrent-B1", "g-concurrent.rest.B1", []string{"g-concurrent.global.sse", "g-concurrent.event-projB.sse"}},
	{"subagent-parent", "n-subagent.rest", []string{"n-subagent.global.sse", "n-subagent.event.sse"}},
	{"subagent-child", "n-subagent.rest.child", []string{"n-subagent.global.sse", "n-subagent.event.sse"}},
}

// assertMatchesREST fails with every difference between the folded
// messages and the server's answer.
func assertMatchesREST(t *testing.T, got, want []Message) {
	t.Helper()
	if len(want) == 0 {
		t.Fatal("empty REST answer: the comparison would prove nothing")
	}
	for _, d := range CompareMessages(got, want) {
		t.Error(d)
	}
}
