package reconcile

import (
	"reflect"
	"slices"
	"sync"
	"testing"
)

// orderScenarios are captures whose events are replayed up to a cut; every
// event before the cut is then older than the model's state.
var orderScenarios = []scenario{fullScenarios[2], fullScenarios[4], fullScenarios[6], fullScenarios[10]}

var orderEvents struct {
	once   sync.Once
	events [][]Event
	ids    []string
}

// FuzzOlderEventNeverWins replays a captured session up to a cut, then
// applies events from before the cut again in a fuzzed order. As sent, none
// may change the state at all. As synthetic copies without id and seq (what
// REST gives) none may change any content; they may only mark a part still
// streaming as incomplete, since REST never has a streaming part's text.
func FuzzOlderEventNeverWins(f *testing.F) {
	orderEvents.once.Do(func() {
		for _, sc := range orderScenarios {
			orderEvents.events = append(orderEvents.events, decodeCapture(f, sc.streams[0]))
			orderEvents.ids = append(orderEvents.ids, loadREST(f, sc.rest).sessionID)
		}
	})
	f.Add(uint8(0), uint16(40), []byte{0, 1, 2, 39}, false)
	f.Add(uint8(1), uint16(999), []byte{7, 3, 200, 5}, true)
	f.Add(uint8(2), uint16(25), []byte{24, 0, 12}, true)
	f.Add(uint8(3), uint16(60), []byte{59, 58, 1}, false)
	f.Fuzz(func(t *testing.T, which uint8, cut uint16, picks []byte, synthetic bool) {
		i := int(which) % len(orderScenarios)
		events, session := orderEvents.events[i], orderEvents.ids[i]
		n := int(cut) % (len(events) + 1)
		if n == 0 {
			return
		}
		m := replayed(session, events[:n])
		want := m.State()
		wantMsgs := m.Messages()
		for _, p := range picks {
			ev := events[int(p)%n]
			if synthetic {
				if !IsDurable(ev.Type) || ev.Sync {
					continue // only durable objects have a content order
				}
				ev = Event{Type: ev.Type, Session: ev.Session, Data: ev.Data, Synthetic: true}
			}
			if m.Apply(ev) && !synthetic {
				t.Fatalf("%s: older event %s changed the state at cut %d", orderScenarios[i].name, ev.Type, n)
			}
		}
		if diff := CompareMessages(m.Messages(), wantMsgs); len(diff) > 0 {
			t.Fatalf("%s: older events changed messages at cut %d: %v", orderScenarios[i].name, n, diff)
		}
		if !synthetic && !reflect.DeepEqual(want, m.State()) {
			t.Fatalf("%s: older events changed the state at cut %d", orderScenarios[i].name, n)
		}
	})
}

// olderSnapshotPairs are REST answers of one session taken at two times.
var olderSnapshotPairs = []struct{ newer, older string }{
	{"l-late-join.rest", "l-late-join.rest.0-midstream-0"},
	{"l-late-join.rest", "l-late-join.rest.0-midstream-1"},
	{"l-late-join.rest", "l-late-join.rest.0-midstream-2"},
	{"f1-restart-sigterm.rest.2-after-followup", "f1-restart-sigterm.rest.1-after-restart"},
	{"f2-restart-sigkill.rest.1-after-restart", "f2-restart-sigkill.rest.0-before-kill"},
}

// FuzzOlderSnapshotNeverWins merges a newer snapshot, then an older one
// cut back further in time by the fuzzer (its newest messages and parts
// left out, or only a page of it when truncated): the older one must yield
// no events and leave the state alone.
func FuzzOlderSnapshotNeverWins(f *testing.F) {
	for i := range olderSnapshotPairs {
		f.Add(uint8(i), uint8(255), uint8(255), uint8(0), false)
		f.Add(uint8(i), uint8(1), uint8(1), uint8(1), true)
	}
	f.Fuzz(func(t *testing.T, which, keepMsgs, keepParts, pageStart uint8, truncated bool) {
		pair := olderSnapshotPairs[int(which)%len(olderSnapshotPairs)]
		newer, older := cachedREST(t, pair.newer), cachedREST(t, pair.older)
		m := New(newer.sessionID)
		m.Merge(newer.snapshot)
		want := m.State()
		old := older.snapshot
		old.Status = nil // a status map has no version: it is taken as current
		old.Messages = earlier(old.Messages, int(keepMsgs), int(keepParts))
		if old.Truncated = truncated; truncated && len(old.Messages) > 0 {
			old.Messages = old.Messages[int(pageStart)%len(old.Messages):]
		}
		if events := m.Merge(old); len(events) != 0 {
			t.Fatalf("%s after %s: %d events, first %s %s", pair.older, pair.newer, len(events), events[0].Type, events[0].Data)
		}
		if !reflect.DeepEqual(want, m.State()) {
			t.Fatalf("%s after %s changed the state", pair.older, pair.newer)
		}
	})
}

var restCache sync.Map // prefix -> restState; Merge only reads a snapshot

func cachedREST(t *testing.T, prefix string) restState {
	if st, ok := restCache.Load(prefix); ok {
		return st.(restState)
	}
	st := loadREST(t, prefix)
	restCache.Store(prefix, st)
	return st
}

// earlier is the message list as it stood before: the first keepMsgs
// messages, the last of them with only its first keepParts parts.
func earlier(msgs []WireMessage, keepMsgs, keepParts int) []WireMessage {
	if keepMsgs >= len(msgs) {
		return msgs
	}
	out := slices.Clone(msgs[:keepMsgs+1])
	last := &out[len(out)-1]
	last.Parts = last.Parts[:min(keepParts, len(last.Parts))]
	return out
}
