package reconcile

import (
	"slices"
	"testing"
)

// killedRun is a session followed until a stop after the first cut events
// of its capture: what was handed on, the seq it saved and the newest
// event id it handed on.
type killedRun struct {
	printed *Model
	seq     int64
	lastID  string
}

func killAfter(t *testing.T, sessionID string, events []Event, cut int) killedRun {
	t.Helper()
	k := killedRun{printed: replayed(sessionID, events[:cut])}
	seq, ok := k.printed.LastSeq()
	if !ok {
		t.Fatalf("no sync event among the first %d", cut)
	}
	k.seq = seq
	for _, ev := range events[:cut] {
		k.lastID = max(k.lastID, ev.ID)
	}
	return k
}

// historyAfter is the server's answer to POST /sync/history after seq.
func historyAfter(t *testing.T, name string, seq int64) []Event {
	t.Helper()
	all, err := DecodeHistory(readFixture(t, name))
	if err != nil {
		t.Fatal(err)
	}
	return slices.DeleteFunc(all, func(ev Event) bool { return ev.Seq <= seq })
}

func TestCatchUpFromStartHandsOnTheWholeState(t *testing.T) {
	final := loadREST(t, "c-tool.rest")
	m := New(final.sessionID)
	out := m.CatchUp(final.snapshot, nil, Resume{})
	assertMatchesREST(t, m.Messages(), final.messages)
	assertMatchesREST(t, replayed(final.sessionID, out).Messages(), final.messages)
	for _, ev := range out {
		if !ev.Synthetic {
			t.Errorf("catch-up event %s not marked synthetic", ev.Type)
		}
	}
}

func TestCatchUpSilentAppliesWithoutHandingOn(t *testing.T) {
	final := loadREST(t, "c-tool.rest")
	m := New(final.sessionID)
	if out := m.CatchUp(final.snapshot, nil, Resume{Silent: true}); out != nil {
		t.Fatalf("silent catch-up handed on %d events", len(out))
	}
	assertMatchesREST(t, m.Messages(), final.messages)
	// The next catch-up holds the state: nothing is new.
	if out := m.CatchUp(final.snapshot, nil, Resume{}); len(out) != 0 {
		t.Fatalf("second catch-up handed on %d events", len(out))
	}
}

// A run resumed from a saved seq hands on the durable changes of history
// only, each once, and fills in the older state silently.
func TestCatchUpResumedHandsOnHistoryOnly(t *testing.T) {
	final := loadREST(t, "a-plain.rest")
	events := decodeCapture(t, "a-plain.global.sse")
	for _, cut := range []int{len(events) / 3, len(events) / 2, 2 * len(events) / 3} {
		k := killAfter(t, final.sessionID, events, cut)
		history := historyAfter(t, "a-plain.rest.sync-history.json", k.seq)
		if len(history) == 0 {
			t.Fatalf("cut %d: no history after seq %d", cut, k.seq)
		}
		m := New(final.sessionID)
		r := Resume{Resumed: true, Seq: k.seq, EventID: k.lastID}
		if seq, ok := m.HistoryAfter(r); !ok || seq != k.seq {
			t.Fatalf("HistoryAfter = %d, %v; want the saved %d", seq, ok, k.seq)
		}
		out := m.CatchUp(final.snapshot, history, r)
		assertMatchesREST(t, m.Messages(), final.messages)
		for _, ev := range out {
			if !IsDurable(ev.Type) {
				continue
			}
			if !ev.Sync || ev.ID <= k.lastID {
				t.Errorf("cut %d: handed on %s %s: not news from history", cut, ev.Type, ev.ID)
			}
			k.printed.Apply(ev)
		}
		assertMatchesREST(t, k.printed.Messages(), final.messages)
		if seq, ok := m.HistoryAfter(Resume{}); ok {
			t.Errorf("a model holding the full state asks history after %d", seq)
		}
	}
}

// A durable event handed on live just before the stop, whose seq was not
// saved, comes back from history: it is applied, not handed on again.
func TestCatchUpResumedSkipsWhatWasPrinted(t *testing.T) {
	final := loadREST(t, "a-plain.rest")
	events := decodeCapture(t, "a-plain.global.sse")
	k := killAfter(t, final.sessionID, events, len(events)/2)
	history := historyAfter(t, "a-plain.rest.sync-history.json", k.seq)
	printedLive := history[0].ID
	m := New(final.sessionID)
	out := m.CatchUp(final.snapshot, history, Resume{Resumed: true, Seq: k.seq, EventID: printedLive})
	for _, ev := range out {
		if ev.ID != "" && ev.ID <= printedLive && IsDurable(ev.Type) {
			t.Errorf("handed on %s %s again", ev.Type, ev.ID)
		}
	}
	if len(out) == 0 {
		t.Fatal("nothing handed on: the later history is news")
	}
	assertMatchesREST(t, m.Messages(), final.messages)
}

// Without history (an older server), a resumed run can only tell the
// message list's state: it hands it all on, as from the start.
func TestCatchUpResumedWithoutHistoryHandsOnTheList(t *testing.T) {
	final := loadREST(t, "a-plain.rest")
	m := New(final.sessionID)
	out := m.CatchUp(final.snapshot, nil, Resume{Resumed: true, Seq: 3})
	assertMatchesREST(t, replayed(final.sessionID, out).Messages(), final.messages)
	// An empty history that was read is different: nothing durable is new.
	m = New(final.sessionID)
	for _, ev := range m.CatchUp(final.snapshot, []Event{}, Resume{Resumed: true, Seq: 3}) {
		if IsDurable(ev.Type) {
			t.Errorf("empty history, yet %s handed on", ev.Type)
		}
	}
	assertMatchesREST(t, m.Messages(), final.messages)
}

func TestCatchUpIgnoresHistoryOfOtherSessions(t *testing.T) {
	final := loadREST(t, "a-plain.rest")
	other, err := DecodeHistory(readFixture(t, "c-tool.rest.sync-history.json"))
	if err != nil || len(other) == 0 {
		t.Fatalf("c-tool history: %d events, %v", len(other), err)
	}
	m := New(final.sessionID)
	for _, ev := range m.CatchUp(final.snapshot, other, Resume{Resumed: true}) {
		if ev.Session != final.sessionID {
			t.Errorf("handed on %s of session %s", ev.Type, ev.Session)
		}
	}
	if m.Stats().OtherSession != 0 {
		t.Errorf("%d events of another session applied", m.Stats().OtherSession)
	}
	assertMatchesREST(t, m.Messages(), final.messages)
}
