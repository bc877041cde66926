package reconcile

import (
	"fmt"
	"runtime"
	"strings"
	"testing"
)

// The final copy of a streamed part carries the whole answer, and its sync
// twin carries it again. Applying either reads what the decoder found in
// the frame: it copies and re-reads none of the text.
func TestFinalPartIsNotReadAgain(t *testing.T) {
	text := strings.Repeat("lorem ipsum dolor sit amet ", 40_000) // about 1 MB
	var dec Decoder
	decode := func(frame string) Event {
		t.Helper()
		ev, _, err := dec.Decode(frame)
		if err != nil {
			t.Fatal(err)
		}
		return ev
	}
	m := New(testSession)
	m.Apply(decode(partFrame("evt_02", "prt_1", "", `{"start":1}`)))
	m.Apply(decode(deltaFrame("evt_03", "prt_1", "text", text)))
	final := partFrame("evt_09", "prt_1", text, `{"start":1,"end":2}`)
	twin := twinOf(final, "evt_09", 5)

	for _, step := range []struct {
		name    string
		ev      Event
		changes bool
	}{{"final copy", decode(final), true}, {"its sync twin", decode(twin), false}} {
		allocated := allocatedBy(func() {
			if got := m.Apply(step.ev); got != step.changes {
				t.Fatalf("%s: Apply = %v, want %v", step.name, got, step.changes)
			}
		})
		if allocated > int64(len(text))/8 {
			t.Errorf("%s: applying it allocated %d bytes for a text of %d", step.name, allocated, len(text))
		}
	}
	if got := m.Messages()[0].Parts[0]; got.Text != text || !got.Ended {
		t.Fatalf("part after the final copy: ended %v, text of %d bytes, want %d", got.Ended, len(got.Text), len(text))
	}
}

// twinOf is the sync twin of a part.updated frame made by partFrame: the
// same properties as syncEvent.data, with the event's id and seq.
func twinOf(frame, id string, seq int) string {
	props := frame[strings.Index(frame, `"properties":`)+len(`"properties":`) : len(frame)-1]
	return fmt.Sprintf(`{"payload":{"type":"sync","syncEvent":{"id":%q,"type":"message.part.updated.1","seq":%d,"aggregateID":"ses_t","data":%s}}}`, id, seq, props)
}

// allocatedBy is the bytes f allocates (f runs on this goroutine alone).
func allocatedBy(f func()) int64 {
	var before, after runtime.MemStats
	runtime.ReadMemStats(&before)
	f()
	runtime.ReadMemStats(&after)
	return int64(after.TotalAlloc - before.TotalAlloc)
}
