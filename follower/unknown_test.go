package follower

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http/httptest"
	"slices"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
)

// TestUnknownEventTypesAreCountedAndSkipped slips event types a newer
// server might send into a captured session: each type is noticed once,
// every such event is counted, and the session still folds to the server's
// state (nothing before or after them is lost).
func TestUnknownEventTypesAreCountedAndSkipped(t *testing.T) {
	f := newFakeOpenCode(t, "c-tool")
	unknown := func(typ string) string {
		name, _ := json.Marshal(typ)
		return fmt.Sprintf(`{"directory":"/d","payload":{"type":%s,"properties":{"sessionID":%q,"x":"\u001b[2J"}}}`, name, f.session)
	}
	mid := len(f.frames) / 2
	extra := []string{unknown("session.next.step"), unknown("session.next.step"), unknown("todo.\u001b]0;x\u0007v9"),
		`{"directory":"/d","payload":{"type":"plugin.added","properties":{}}}`}
	f.frames = slices.Insert(f.frames, mid, extra...)
	srv := httptest.NewServer(f)
	defer srv.Close()

	var notes []string
	var last *reconcile.Model
	done := equalsREST(f)
	folded := reconcile.New(f.session)
	ctx, cancel := context.WithTimeout(t.Context(), 20*time.Second)
	defer cancel()
	opts := Options{Server: srv.URL, Sessions: []string{f.session},
		OnState: func(s feed.State) {
			if s.Note != "" {
				notes = append(notes, s.Note)
			}
		}}
	err := Follow(ctx, opts, func(_ string, evs []reconcile.Event, m *reconcile.Model) error {
		for _, ev := range evs {
			if !reconcile.Known(ev.Type) {
				t.Errorf("handed on an unknown event %s", ev.Type)
			}
			folded.Apply(ev)
		}
		last = m
		if done(folded) && m.Stats().Unknown >= 3 {
			return ErrStop
		}
		return nil
	})
	if err != nil {
		t.Fatalf("Follow: %v (notes %q)", err, notes)
	}
	if n := last.Stats().Unknown; n != 3 {
		t.Errorf("Stats().Unknown = %d, want 3 (two of one type, one of another)", n)
	}
	if len(notes) != 2 || !strings.Contains(notes[0], `"session.next.step"`) || !strings.Contains(notes[1], "todo.") {
		t.Fatalf("notes %q, want one per unknown type of the session", notes)
	}
	for _, n := range notes {
		if strings.ContainsAny(n, "\x1b\x07") {
			t.Errorf("note %q carries control bytes", n)
		}
	}
}
