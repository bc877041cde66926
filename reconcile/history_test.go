package reconcile

import (
	"reflect"
	"testing"
)

// POST /sync/history returns full snapshots per durable event; folding the
// entries of one session must rebuild exactly the server's messages.
func TestHistoryRebuildsREST(t *testing.T) {
	for _, sc := range fullScenarios {
		t.Run(sc.name, func(t *testing.T) {
			rest := loadREST(t, sc.rest)
			events, err := DecodeHistory(readFixture(t, fullHistory(sc.rest)))
			if err != nil {
				t.Fatal(err)
			}
			maxSeq, prev := int64(-1), map[string]int64{}
			for _, ev := range events {
				if !ev.Sync || ev.ID == "" || ev.Version != 1 || !IsDurable(ev.Type) {
					t.Fatalf("history event %+v", ev)
				}
				if last, ok := prev[ev.Session]; ok && ev.Seq != last+1 {
					t.Fatalf("session %s: seq %d after %d", ev.Session, ev.Seq, last)
				}
				prev[ev.Session] = ev.Seq
				if ev.Session == rest.sessionID {
					maxSeq = ev.Seq
				}
			}
			m := replayed(rest.sessionID, events)
			assertMatchesREST(t, m.Messages(), rest.messages)
			if seq, ok := m.LastSeq(); !ok || seq != maxSeq {
				t.Errorf("last seq %d (%v), want %d", seq, ok, maxSeq)
			}
			// History applied after the live stream adds nothing.
			live := replayed(rest.sessionID, decodeCapture(t, sc.streams[0]))
			before := live.State()
			for _, ev := range events {
				if live.Apply(ev) {
					t.Fatalf("history event seq %d (%s) changed the live state", ev.Seq, ev.Type)
				}
			}
			if !reflect.DeepEqual(before, live.State()) {
				t.Fatal("state changed")
			}
		})
	}
}

// fullHistory names the history answer that holds a scenario's whole
// session: the capture driver listed some sessions it already knew, whose
// own answers then hold nothing new for them.
func fullHistory(restPrefix string) string {
	switch restPrefix {
	case "g-concurrent.rest.A2", "g-concurrent.rest.B1":
		return "g-concurrent.rest.A1.sync-history.json"
	case "n-subagent.rest.child":
		return "n-subagent.rest.sync-history.json"
	}
	return restPrefix + ".sync-history.json"
}

// Catching up from a saved seq: the stream before the kill plus the
// history after it equals the server state after the restart.
func TestHistoryCatchUpFromSavedSeq(t *testing.T) {
	rest := loadREST(t, "f1-restart-sigterm.rest.2-after-followup")
	m := replayed(rest.sessionID, decodeCapture(t, "f1-restart-sigterm.global.1-before.sse"))
	seq, ok := m.LastSeq()
	if !ok || seq != 9 {
		t.Fatalf("seq before the kill %d (%v), want 9", seq, ok)
	}
	all, err := DecodeHistory(readFixture(t, "f1-restart-sigterm.rest.2-after-followup.sync-history.json"))
	if err != nil {
		t.Fatal(err)
	}
	var newer []Event
	for _, ev := range all {
		if ev.Session == rest.sessionID && ev.Seq > seq {
			newer = append(newer, ev)
		}
	}
	if len(newer) == 0 || m.SeqGap(newer[0]) || !m.SeqGap(newer[1]) {
		t.Fatalf("history after seq %d: %d events; gap checks wrong", seq, len(newer))
	}
	replay(m, newer)
	assertMatchesREST(t, m.Messages(), rest.messages)
	if got, _ := m.LastSeq(); got != 23 {
		t.Errorf("last seq %d, want 23", got)
	}
}

func TestDecodeHistoryErrors(t *testing.T) {
	tests := []struct {
		name string
		body string
	}{
		{"not an array", `{}`},
		{"missing seq", `[{"id":"evt_1","aggregate_id":"ses_a","type":"session.updated.1","data":{}}]`},
		{"negative seq", `[{"id":"evt_1","aggregate_id":"ses_a","seq":-1,"type":"session.updated.1","data":{}}]`},
		{"missing aggregate", `[{"id":"evt_1","seq":0,"type":"session.updated.1","data":{}}]`},
		{"data not an object", `[{"id":"evt_1","aggregate_id":"ses_a","seq":0,"type":"session.updated.1","data":3}]`},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			if _, err := DecodeHistory([]byte(tc.body)); err == nil {
				t.Fatal("no error")
			}
		})
	}
	events, err := DecodeHistory([]byte(`[]`))
	if err != nil || len(events) != 0 {
		t.Fatalf("empty history: %v %v", events, err)
	}
}

func TestHistoryRequest(t *testing.T) {
	if got := string(HistoryRequest(map[string]int64{"ses_a": 9})); got != `{"ses_a":9}` {
		t.Errorf("body %s", got)
	}
	if got := string(HistoryRequest(nil)); got != `{}` {
		t.Errorf("nil body %s", got)
	}
}
