package reconcile

import (
	"reflect"
	"testing"
)

// LastMessage agrees with the last of Messages (parts aside) after every
// event of every captured scenario, restarts and aborts included.
func TestLastMessageAgreesWithMessages(t *testing.T) {
	captures := [][]string{{"f2-restart-sigkill.global.1-before.sse", "f2-restart-sigkill.global.2-after.sse"}}
	for _, sc := range fullScenarios {
		captures = append(captures, sc.streams[:1])
	}
	for _, names := range captures {
		m := New("")
		checked := 0
		for i, ev := range decodeCaptures(t, names...) {
			if m.id == "" && ev.Session != "" {
				m = New(ev.Session)
			}
			m.Apply(ev)
			msgs := m.Messages()
			got, ok := m.LastMessage()
			if ok != (len(msgs) > 0) {
				t.Fatalf("%v event %d: LastMessage found %v with %d messages", names, i, ok, len(msgs))
			}
			if !ok {
				continue
			}
			want := msgs[len(msgs)-1]
			want.Parts = nil
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("%v event %d:\n got %+v\nwant %+v", names, i, got, want)
			}
			checked++
		}
		if checked == 0 {
			t.Errorf("%v: no event left a message to compare", names)
		}
	}
}
