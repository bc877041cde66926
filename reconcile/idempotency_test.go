package reconcile

import (
	"math/rand/v2"
	"reflect"
	"testing"
)

// globalScenarios are the scenarios replayed from /global/event, the stream
// with both plain events and sync twins.
func globalScenarios() []scenario {
	var out []scenario
	for _, sc := range fullScenarios {
		out = append(out, scenario{sc.name, sc.rest, sc.streams[:1]})
	}
	return out
}

func TestApplyTwiceEqualsOnce(t *testing.T) {
	for _, sc := range fullScenarios {
		for _, stream := range sc.streams {
			t.Run(sc.name+"/"+stream, func(t *testing.T) {
				rest := loadREST(t, sc.rest)
				events := decodeCapture(t, stream)
				once := replayed(rest.sessionID, events)
				twice := New(rest.sessionID)
				for i, ev := range events {
					twice.Apply(ev)
					if twice.Apply(ev) {
						t.Fatalf("event %d (%s) changed the state when applied again", i, ev.Type)
					}
				}
				if !reflect.DeepEqual(once.State(), twice.State()) {
					t.Fatal("state after applying every event twice differs from applying once")
				}
			})
		}
	}
}

// withDuplicates re-inserts copies of earlier events at random later
// positions, as a client re-reading a stream or a buffer would.
func withDuplicates(events []Event, seed uint64) []Event {
	rng := rand.New(rand.NewPCG(seed, 7))
	out := append([]Event(nil), events...)
	for range len(events) {
		from := rng.IntN(len(out))
		to := from + 1 + rng.IntN(len(out)-from)
		out = append(out[:to], append([]Event{out[from]}, out[to:]...)...)
	}
	return out
}

func TestReplayWithShuffledDuplicates(t *testing.T) {
	for _, sc := range globalScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			rest := loadREST(t, sc.rest)
			events := decodeCapture(t, sc.streams[0])
			want := replayed(rest.sessionID, events).State()
			for seed := range uint64(3) {
				got := replayed(rest.sessionID, withDuplicates(events, seed))
				if !reflect.DeepEqual(want, got.State()) {
					t.Fatalf("seed %d: duplicates changed the result:\n%v", seed, CompareMessages(got.Messages(), want.Messages))
				}
			}
			// Every event once more, newest first: all older than the state.
			m := replayed(rest.sessionID, events)
			for i := len(events) - 1; i >= 0; i-- {
				if m.Apply(events[i]) {
					t.Fatalf("re-applied event %d (%s) changed the state", i, events[i].Type)
				}
			}
		})
	}
}

// Older copies without any id or seq (as a REST snapshot would deliver
// them) are recognised by content alone: a later life stage or a larger
// copy wins, so none of them may change the final state.
func TestOlderCopiesWithoutVersionChangeNothing(t *testing.T) {
	for _, sc := range globalScenarios() {
		t.Run(sc.name, func(t *testing.T) {
			rest := loadREST(t, sc.rest)
			events := decodeCapture(t, sc.streams[0])
			m := replayed(rest.sessionID, events)
			want := m.State()
			for i, ev := range events {
				if !IsDurable(ev.Type) || ev.Sync {
					continue
				}
				copyOf := Event{Type: ev.Type, Session: ev.Session, Data: ev.Data, Synthetic: true}
				if m.Apply(copyOf) {
					t.Fatalf("older copy of event %d (%s) changed the state", i, ev.Type)
				}
			}
			if !reflect.DeepEqual(want, m.State()) {
				t.Fatal("state changed")
			}
		})
	}
}
