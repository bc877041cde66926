package reconcile

import (
	"reflect"
	"sync"
	"testing"
)

// fuzzSeedCaptures cover every envelope shape and most event types.
var fuzzSeedCaptures = []string{
	"c-tool.global.sse", "h-permission.event.sse", "d-error.global.sse",
	"l-late-join.global.sse", "j-v2-probe.api-event.sse", "i-dispose.global.2-global-dispose.sse",
}

func addFrameSeeds(f *testing.F) {
	for _, name := range fuzzSeedCaptures {
		for _, fr := range sseFrames(f, name) {
			f.Add(fr, false)
			f.Add(fr, true)
		}
	}
	f.Add([]byte(`{"payload":{"type":"sync","syncEvent":{"type":"x.1","seq":1}}}`), false)
	f.Add([]byte(`{"type":"message.part.delta","properties":{"partID":"p","messageID":"m","field":"text","delta":"d"}}`), true)
	for _, frame := range heldEdgeFrames {
		f.Add([]byte(frame), false)
	}
}

func FuzzDecodeFrame(f *testing.F) {
	addFrameSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, _ bool) {
		ev, known, err := DecodeFrame(data)
		if err != nil {
			return
		}
		if ev.Type == "" || known != Known(ev.Type) || !jsonObject(ev.Data) || (ev.Sync && ev.Seq < 0) {
			t.Fatalf("decoded %+v known=%v", ev, known)
		}
		m := New(ev.Session)
		m.Apply(ev)
		_ = m.State()
	})
}

var fuzzBase struct {
	once    sync.Once
	events  []Event
	session string
}

// FuzzApplyIdempotent applies one arbitrary event (as sent, or as a
// synthetic copy without id and seq) to a model in the middle of a turn:
// applying it a second time must change nothing.
func FuzzApplyIdempotent(f *testing.F) {
	addFrameSeeds(f)
	fuzzBase.once.Do(func() {
		events := decodeCapture(f, "c-tool.global.sse")
		fuzzBase.events = events[:len(events)/2]
		fuzzBase.session = loadREST(f, "c-tool.rest").sessionID
	})
	f.Fuzz(func(t *testing.T, data []byte, synthetic bool) {
		ev, _, err := DecodeFrame(data)
		if err != nil {
			return
		}
		if synthetic {
			ev.Synthetic, ev.ID, ev.Sync, ev.Seq = true, "", false, 0
		}
		m := replayed(fuzzBase.session, fuzzBase.events)
		m.Apply(ev)
		want := m.State()
		if m.Apply(ev) {
			t.Fatalf("second Apply of %s reported a change", ev.Type)
		}
		if !reflect.DeepEqual(want, m.State()) {
			t.Fatalf("second Apply of %s changed the state", ev.Type)
		}
	})
}
