package follower

import (
	"context"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocfake"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// resumeCase is a run resumed from a saved seq (as after SIGKILL) while
// the server moves on: the rest of the turn (the user message's summary,
// the assistant's parts up to step-finish, its time.completed) happens
// when one of the catch-up's requests arrives, or before the run.
type resumeCase struct {
	name     string
	landOn   string         // path whose request makes the changes happen ("": before the run)
	failOnce map[string]int // path → status of its first answer
}

func resumeCases(session string) []resumeCase {
	messages := "/session/" + session + "/message"
	return []resumeCase{
		{name: "change lands before the status read", landOn: "/session/status"},
		{name: "change lands before the message-list read", landOn: messages},
		{name: "change lands between the message-list and history reads", landOn: "/question"},
		{name: "change lands before the history read", landOn: "/sync/history"},
		{name: "message list fails once", failOnce: map[string]int{messages: http.StatusServiceUnavailable}},
		{name: "last read fails once", failOnce: map[string]int{"/question": http.StatusServiceUnavailable}},
	}
}

// resumeFollower runs Follow on a resumed session, alone or with its
// children, and hands every batch to handle.
type resumeFollower func(ctx context.Context, srv, session string, start Start, handle Handler) error

func resumeFollow(children bool) resumeFollower {
	return func(ctx context.Context, srv, session string, start Start, handle Handler) error {
		return Follow(ctx, Options{Server: srv, Sessions: []string{session}, Children: children,
			Backoff: fastBackoff(), Start: func(string, Origin) (Start, error) { return start, nil }}, handle)
	}
}

var resumeFollowers = map[string]resumeFollower{"single": resumeFollow(false), "multi": resumeFollow(true)}

func fastBackoff() transport.Backoff {
	return transport.Backoff{Initial: time.Millisecond, Max: 5 * time.Millisecond, Multiplier: 2}
}

// TestResumePrintsChangesDuringCatchUpOnce: whenever a durable change lands
// during a resumed run's catch-up, the run prints it exactly once, and the
// killed run's output together with the resumed run's folds to the
// server's final state.
func TestResumePrintsChangesDuringCatchUpOnce(t *testing.T) {
	probe := newEvolvingOpenCode(t, "a-plain", 0)
	syncs := probe.syncFrames()
	if len(syncs) < 4 {
		t.Fatalf("capture has %d durable frames", len(syncs))
	}
	first := firstSummary(probe, syncs)
	change, saved := syncs[first:], syncs[first-1]
	cut := change[0].index - 1 // the plain event just before the first change's sync twin
	checkPremise(t, probe, cut)
	for _, tc := range resumeCases(probe.session) {
		for kind, run := range resumeFollowers {
			t.Run(kind+"/"+tc.name, func(t *testing.T) {
				landed := cut
				if tc.landOn == "" {
					landed = len(probe.frames)
				}
				f := newEvolvingOpenCode(t, "a-plain", landed)
				f.landOn = tc.landOn
				for path, status := range tc.failOnce {
					f.failOnce[path] = status
				}
				srv := httptest.NewServer(f)
				defer srv.Close()
				printed := followResumed(t, run, srv.URL, f.session,
					Start{Resume: true, ResumeSeq: saved.seq, ResumeEventID: saved.id})
				checkResumedOutput(t, f, cut, printed, change)
				f.mu.Lock()
				defer f.mu.Unlock()
				for _, seq := range f.history {
					if seq != saved.seq {
						t.Errorf("history asked from seq %d, want the saved %d every time: %v", seq, saved.seq, f.history)
					}
				}
			})
		}
	}
}

// firstSummary is the index in syncs of the durable frame that gives the
// user message its summary.
func firstSummary(f *evolvingOpenCode, syncs []syncFrame) int {
	for i, s := range syncs {
		if msgs := f.durable(s.index + 1).Messages(); i > 0 && len(msgs) > 0 && hasSummary(msgs[0]) {
			return i
		}
	}
	f.t.Fatal("capture: the user message never gets a summary")
	return 0
}

func hasSummary(m reconcile.Message) bool { return strings.Contains(string(m.Info), `"summary"`) }

// checkPremise makes sure the changes after cut are the kinds a resumed run
// missed: the user message gains its summary, a step-finish part appears
// and the assistant message completes.
func checkPremise(t *testing.T, f *evolvingOpenCode, cut int) {
	t.Helper()
	before, after := f.durable(cut).Messages(), f.durable(len(f.frames)).Messages()
	if len(before) != 2 || len(after) != 2 || hasSummary(before[0]) || !hasSummary(after[0]) ||
		before[1].Completed != 0 || after[1].Completed == 0 {
		t.Fatalf("capture: the change does not complete the turn:\nbefore %+v\nafter %+v", before, after)
	}
	if last := after[1].Parts[len(after[1].Parts)-1]; len(before[1].Parts) != 0 || last.Type != "step-finish" {
		t.Fatalf("capture: the change does not add the assistant's parts up to step-finish: %+v", after[1].Parts)
	}
	want, err := reconcile.MessagesFromREST(ocfake.ReadFixture(t, "a-plain.rest.messages.json"))
	if err != nil {
		t.Fatal(err)
	}
	if diff := reconcile.CompareMessages(after, want); len(diff) > 0 {
		t.Fatalf("the fake's final state differs from the captured REST state: %v", diff)
	}
}

// followResumed runs a resumed follow until the sentinel after the
// server's last event was handled, and returns the events it handed on.
func followResumed(t *testing.T, run resumeFollower, srv, session string, start Start) []reconcile.Event {
	t.Helper()
	ctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	var printed []reconcile.Event
	sentinel := false
	err := run(ctx, srv, session, start, func(_ string, evs []reconcile.Event, _ *reconcile.Model) error {
		for _, ev := range evs {
			printed = append(printed, ev)
			sentinel = sentinel || ev.Type == reconcile.TypeTodoUpdated
		}
		if sentinel {
			return ErrStop
		}
		return nil
	})
	if err != nil {
		t.Fatalf("follow: %v (handed on %d events)", err, len(printed))
	}
	return printed
}

// checkResumedOutput checks that the killed run's events (the first cut
// frames) and the resumed run's fold to the server's state, that every
// handed event changed that fold, and that no event was printed twice,
// the changes included.
func checkResumedOutput(t *testing.T, f *evolvingOpenCode, cut int, printed []reconcile.Event, change []syncFrame) {
	t.Helper()
	fold := reconcile.New(f.session)
	times := map[string]int{}
	for _, frame := range f.frames[:cut] {
		ev, _, err := reconcile.DecodeFrame([]byte(frame))
		if err == nil {
			fold.Apply(ev)
			times[ev.ID] = 1
		}
	}
	for _, ev := range printed {
		// Status and requests are printed again on resume (history lacks
		// them); every durable event must be news.
		if !fold.Apply(ev) && reconcile.IsDurable(ev.Type) {
			t.Errorf("handed on an event that changes nothing: %s %s", ev.Type, ev.Data)
		}
		if ev.ID == "" {
			continue
		}
		if times[ev.ID]++; times[ev.ID] > 1 {
			t.Errorf("event %s (%s) printed twice", ev.ID, ev.Type)
		}
	}
	want := f.durable(len(f.frames)).Messages()
	if diff := reconcile.CompareMessages(fold.Messages(), want); len(diff) > 0 {
		t.Errorf("output does not fold to the server's state:\n%v", diff)
	}
	for _, c := range change {
		if c.changes && times[c.id] != 1 {
			t.Errorf("change %s (seq %d) printed %d times, want once", c.id, c.seq, times[c.id])
		}
	}
}
