package tui

import (
	"fmt"
	"testing"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/reconcile"
)

func event(typ, id string, data any) reconcile.Event {
	return reconcile.Event{Type: typ, Session: "ses_1", ID: id, Data: rawJSON(data)}
}

// sessionEvents is a turn as the server streams it: a prompt, an answer
// whose text grows by deltas, a tool call, then a part and a message
// removed.
func sessionEvents() []reconcile.Event {
	msg := func(id, role string, completed int) map[string]any {
		return map[string]any{"info": map[string]any{"id": id, "sessionID": "ses_1", "role": role,
			"agent": "build", "providerID": "mock", "modelID": "m1", "cost": 0.5,
			"tokens": map[string]any{"input": 10, "output": 3}, "time": map[string]any{"created": 1, "completed": completed}}}
	}
	part := func(id, msgID, typ string, extra map[string]any) map[string]any {
		p := map[string]any{"id": id, "messageID": msgID, "sessionID": "ses_1", "type": typ}
		for k, v := range extra {
			p[k] = v
		}
		return map[string]any{"part": p}
	}
	evs := []reconcile.Event{
		event(reconcile.TypeMessageUpdated, "evt_01", msg("msg_1", "user", 0)),
		event(reconcile.TypePartUpdated, "evt_02", part("prt_1", "msg_1", "text", map[string]any{"text": "question?"})),
		event(reconcile.TypeMessageUpdated, "evt_03", msg("msg_2", "assistant", 0)),
		event(reconcile.TypePartUpdated, "evt_04", part("prt_2", "msg_2", "text", map[string]any{"text": "", "time": map[string]any{"start": 1}})),
	}
	for i := range 12 {
		evs = append(evs, event(reconcile.TypePartDelta, fmt.Sprintf("evt_1%02d", i),
			map[string]any{"sessionID": "ses_1", "messageID": "msg_2", "partID": "prt_2", "field": "text", "delta": fmt.Sprintf("word%d ", i)}))
	}
	return append(evs,
		event(reconcile.TypePartUpdated, "evt_20", part("prt_3", "msg_2", "tool", map[string]any{"tool": "bash", "callID": "c",
			"state": map[string]any{"status": "completed", "input": map[string]any{"command": "ls"}, "output": "a\nb\n"}})),
		event(reconcile.TypeMessageUpdated, "evt_21", msg("msg_2", "assistant", 5)),
		event(reconcile.TypeMessageUpdated, "evt_22", msg("msg_3", "user", 0)),
		event(reconcile.TypePartUpdated, "evt_23", part("prt_4", "msg_3", "text", map[string]any{"text": "never mind"})),
		event(reconcile.TypePartRemoved, "evt_24", map[string]any{"sessionID": "ses_1", "messageID": "msg_2", "partID": "prt_3"}),
		event(reconcile.TypeMessageRemoved, "evt_25", map[string]any{"sessionID": "ses_1", "messageID": "msg_3"}),
	)
}

// TestPartialMessagesMatchFullSnapshots feeds one view the partial
// messages NewSessionMsg makes and another full snapshots of the same
// model: after every event both must show the same screen.
func TestPartialMessagesMatchFullSnapshots(t *testing.T) {
	rm := reconcile.New("ses_1")
	partial, full := newTestRoot(Options{}), newTestRoot(Options{})
	for _, m := range []*testView{partial, full} {
		m.Update(tea.WindowSizeMsg{Width: 80, Height: 30})
	}
	for i, ev := range sessionEvents() {
		if !rm.Apply(ev) {
			t.Fatalf("event %d (%s) changed nothing", i, ev.Type)
		}
		msg := NewSessionMsg(rm, []reconcile.Event{ev})
		if !msg.Partial || len(msg.State.Messages) > 1 {
			t.Fatalf("event %d: want a partial message with at most one message, got %d", i, len(msg.State.Messages))
		}
		partial.Update(msg)
		full.Update(SessionMsg{State: rm.State()})
		partial.Update(frameTickMsg{})
		full.Update(frameTickMsg{})
		got, want := ansi.Strip(partial.View().Content), ansi.Strip(full.View().Content)
		if got != want {
			t.Fatalf("after event %d (%s) the partial view differs:\n--- partial\n%s\n--- full\n%s", i, ev.Type, got, want)
		}
	}
	screen := ansi.Strip(partial.View().Content)
	for _, want := range []string{"question?", "word11", "in 20 · out 6 · $1.00"} {
		if !containsStr(screen, want) {
			t.Errorf("screen lacks %q:\n%s", want, screen)
		}
	}
	for _, gone := range []string{"never mind", "✓ bash"} {
		if containsStr(screen, gone) {
			t.Errorf("removed %q is still shown:\n%s", gone, screen)
		}
	}
}
