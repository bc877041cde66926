package reconcile

import (
	"fmt"
	"testing"
)

const testSession = "ses_t"

func frame(id, eventType, props string) string {
	return fmt.Sprintf(`{"id":%q,"type":%q,"properties":%s}`, id, eventType, props)
}

func partFrame(id, partID, text, timeJSON string) string {
	return frame(id, TypePartUpdated, fmt.Sprintf(
		`{"sessionID":"ses_t","part":{"id":%q,"messageID":"msg_1","sessionID":"ses_t","type":"text","text":%q,"time":%s}}`,
		partID, text, timeJSON))
}

func deltaFrame(id, partID, field, delta string) string {
	return frame(id, TypePartDelta, fmt.Sprintf(
		`{"sessionID":"ses_t","messageID":"msg_1","partID":%q,"field":%q,"delta":%q}`, partID, field, delta))
}

func TestApplyPartsAndDeltas(t *testing.T) {
	created := partFrame("evt_02", "prt_1", "", `{"start":1}`)
	final := partFrame("evt_09", "prt_1", "Hello world", `{"start":1,"end":2}`)
	tests := []struct {
		name           string
		frames         []string
		wantText       string
		wantParts      int
		wantIncomplete bool
		wantStats      Stats
	}{
		{"deltas build the text", []string{created, deltaFrame("evt_03", "prt_1", "text", "Hel"), deltaFrame("evt_04", "prt_1", "text", "lo")},
			"Hello", 1, false, Stats{Changed: 3}},
		{"repeated delta applied once", []string{created, deltaFrame("evt_03", "prt_1", "text", "Hel"), deltaFrame("evt_03", "prt_1", "text", "Hel")},
			"Hel", 1, false, Stats{Changed: 2, Unchanged: 1}},
		{"delta older than the part's last event", []string{created, deltaFrame("evt_04", "prt_1", "text", "B"), deltaFrame("evt_03", "prt_1", "text", "A")},
			"B", 1, false, Stats{Changed: 2, Unchanged: 1}},
		{"delta without id cannot be deduplicated", []string{created, `{"type":"message.part.delta","properties":{"sessionID":"ses_t","messageID":"msg_1","partID":"prt_1","field":"text","delta":"x"}}`},
			"", 1, false, Stats{Changed: 1, Malformed: 1}},
		{"delta may not touch identity fields", []string{created, deltaFrame("evt_03", "prt_1", "id", "x")},
			"", 1, false, Stats{Changed: 1, Malformed: 1}},
		{"delta to a non-string member", []string{created, deltaFrame("evt_03", "prt_1", "time", "x")},
			"", 1, false, Stats{Changed: 1, Malformed: 1}},
		{"delta for an unknown part creates a placeholder", []string{deltaFrame("evt_03", "prt_1", "text", "lo")},
			"lo", 1, true, Stats{Changed: 1}},
		{"final copy replaces the deltas and ends the part", []string{deltaFrame("evt_03", "prt_1", "text", "lo"), final},
			"Hello world", 1, false, Stats{Changed: 2}},
		{"deltas after the final copy are ignored", []string{created, final, deltaFrame("evt_10", "prt_1", "text", "!")},
			"Hello world", 1, false, Stats{Changed: 2, Unchanged: 1}},
		{"unfinished copy keeps longer streamed text", []string{created, deltaFrame("evt_03", "prt_1", "text", "Hel"), partFrame("evt_05", "prt_1", "", `{"start":1}`)},
			"Hel", 1, false, Stats{Changed: 2, Unchanged: 1}},
		{"removed part stays removed", []string{created, frame("evt_05", TypePartRemoved, `{"sessionID":"ses_t","messageID":"msg_1","partID":"prt_1"}`), final, deltaFrame("evt_10", "prt_1", "text", "x")},
			"", 0, false, Stats{Changed: 2, Unchanged: 2}},
		{"removed message takes its parts", []string{created, frame("evt_05", TypeMessageRemoved, `{"sessionID":"ses_t","messageID":"msg_1"}`), final},
			"", 0, false, Stats{Changed: 2, Unchanged: 1}},
		{"part of another session", []string{`{"id":"evt_1","type":"message.part.updated","properties":{"sessionID":"ses_x","part":{"id":"prt_9","messageID":"msg_9","sessionID":"ses_x","type":"text","text":""}}}`},
			"", 0, false, Stats{OtherSession: 1}},
		{"part without id", []string{frame("evt_1", TypePartUpdated, `{"sessionID":"ses_t","part":{"messageID":"msg_1","type":"text"}}`)},
			"", 0, false, Stats{Malformed: 1}},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			m := New(testSession)
			for _, f := range tc.frames {
				m.Apply(mustDecode(t, f))
			}
			msgs := m.Messages()
			var parts []Part
			for _, msg := range msgs {
				parts = append(parts, msg.Parts...)
			}
			if len(parts) != tc.wantParts {
				t.Fatalf("%d parts, want %d", len(parts), tc.wantParts)
			}
			if len(parts) > 0 && (parts[0].Text != tc.wantText || parts[0].Incomplete != tc.wantIncomplete) {
				t.Errorf("part text %q incomplete %v, want %q %v", parts[0].Text, parts[0].Incomplete, tc.wantText, tc.wantIncomplete)
			}
			if got := m.Stats(); got != tc.wantStats {
				t.Errorf("stats %+v, want %+v", got, tc.wantStats)
			}
		})
	}
}

// A synthetic (REST) copy of a part that is still streaming marks it
// incomplete even when the local text is longer, since the viewer may have
// missed deltas while it was disconnected.
func TestSyntheticCopyMarksStreamingPartIncomplete(t *testing.T) {
	m := New(testSession)
	m.Apply(mustDecode(t, partFrame("evt_02", "prt_1", "", `{"start":1}`)))
	m.Apply(mustDecode(t, deltaFrame("evt_03", "prt_1", "text", "Hel")))
	restCopy := mustDecode(t, partFrame("", "prt_1", "", `{"start":1}`))
	restCopy.Synthetic = true
	if !m.Apply(restCopy) {
		t.Fatal("snapshot copy did not mark the part")
	}
	p := m.Messages()[0].Parts[0]
	if p.Text != "Hel" || !p.Incomplete {
		t.Fatalf("part %q incomplete=%v", p.Text, p.Incomplete)
	}
	if m.Apply(restCopy) {
		t.Fatal("second snapshot copy changed the state")
	}
	m.Apply(mustDecode(t, deltaFrame("evt_04", "prt_1", "text", "lo")))
	if p := m.Messages()[0].Parts[0]; p.Text != "Hello" || !p.Incomplete {
		t.Fatalf("after a later delta: %q incomplete=%v", p.Text, p.Incomplete)
	}
}

func TestSessionEventsOfOtherSessionsIgnored(t *testing.T) {
	m := New(testSession)
	frames := []string{
		frame("evt_1", TypeSessionUpdated, `{"sessionID":"ses_x","info":{"id":"ses_x","title":"other"}}`),
		frame("evt_2", TypeSessionStatus, `{"sessionID":"ses_x","status":{"type":"busy"}}`),
		frame("evt_3", TypeMessageUpdated, `{"sessionID":"ses_x","info":{"id":"msg_1","sessionID":"ses_x","role":"user"}}`),
		frame("evt_4", "plugin.added", `{"id":"p"}`),
		frame("evt_5", TypeServerHeartbeat, `{}`),
	}
	for _, f := range frames {
		if m.Apply(mustDecode(t, f)) {
			t.Errorf("%s changed the state", f)
		}
	}
	if st := m.State(); st.Session != nil || st.Status.Type != "" || len(st.Messages) != 0 {
		t.Fatalf("state %+v", st)
	}
	if got, want := m.Stats(), (Stats{OtherSession: 3, Unknown: 1, Unchanged: 1}); got != want {
		t.Errorf("stats %+v, want %+v", got, want)
	}
}
