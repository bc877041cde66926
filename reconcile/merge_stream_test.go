package reconcile

import (
	"bytes"
	"encoding/json"
	"math/rand/v2"
	"slices"
	"testing"
)

// A streamed merge that forgets each message hands on exactly the events
// of a whole Merge, in the same order, and leaves no message behind.
func TestStreamedMergeForgettingMatchesMerge(t *testing.T) {
	for _, sc := range fullScenarios {
		t.Run(sc.name, func(t *testing.T) {
			rest := loadREST(t, sc.rest)
			want := New(rest.sessionID).Merge(rest.snapshot)

			m := New(rest.sessionID)
			s := m.StartMerge(rest.snapshot, true)
			s.Forget = true
			got := slices.Clone(s.Take()) // the next Take reuses its slice
			for _, wm := range rest.snapshot.Messages {
				s.Message(wm)
				got = append(got, s.Take()...)
			}
			got = append(got, s.End()...)
			sameEvents(t, got, want)
			if st := m.State(); len(st.Messages) != 0 {
				t.Errorf("the model kept %d messages after a forgetting merge", len(st.Messages))
			}
		})
	}
}

// wrapped writes what json.Marshal of the same map writes, HTML escaping
// of server text included.
func TestWrappedIsMarshalObject(t *testing.T) {
	raws := []string{
		`{"id":"prt_1","text":"a <b> & c \u2028 d \u2029"}`,
		`{"id":"prt_1","text":"€ 5 then > and later & and <"}`,
		`{"id":"prt_1","text":"plain until the very end &"}`,
		`{"id":"msg_1","nested":{"list":[1,2.5e3,"x"],"t":true,"n":null}}`,
		`{}`,
	}
	for _, sc := range fullScenarios {
		for _, wm := range loadREST(t, sc.rest).snapshot.Messages {
			raws = append(raws, string(wm.Info))
			for _, p := range wm.Parts {
				raws = append(raws, string(p))
			}
		}
	}
	for _, session := range []string{"ses_1", `ses_<&>"`} {
		for _, r := range raws {
			raw, ok := compactObject([]byte(r))
			if !ok {
				t.Fatalf("not an object: %s", r)
			}
			for _, key := range []string{"info", "part"} {
				got := wrapped(TypePartUpdated, session, key, raw).Data
				want := marshalObject(map[string]any{"sessionID": session, key: raw})
				if !bytes.Equal(got, want) {
					t.Fatalf("wrapped:\n%s\nmarshalObject:\n%s", got, want)
				}
			}
		}
	}
}

func sameEvents(t *testing.T, got, want []Event) {
	t.Helper()
	if len(got) != len(want) {
		t.Fatalf("%d events, want %d", len(got), len(want))
	}
	for i := range got {
		g, w := got[i], want[i]
		if g.Type != w.Type || g.Session != w.Session || g.Synthetic != w.Synthetic || !bytes.Equal(g.Data, w.Data) {
			gj, _ := json.Marshal(g)
			wj, _ := json.Marshal(w)
			t.Fatalf("event %d:\n%s\nwant\n%s", i, gj, wj)
		}
	}
}

// compactListed gives what compactObject gives, for compact and laid-out
// text alike, spaces and escaped quotes inside strings included.
func TestCompactListedIsCompactObject(t *testing.T) {
	for _, in := range []string{
		`{"a":"x y","b":[1,2]}`,
		`{"a":"say \"hi there\"","b":"\\"}`,
		"{\n \"a\": \"x y\",\n \"b\": [1, 2]\n}",
		`{"a":"\\\" ","b" :1}`,
		`  {"a":1}  `,
		`[1]`,
		``,
	} {
		got, gotOK := compactListed([]byte(in), false)
		want, wantOK := compactObject([]byte(in))
		if gotOK != wantOK || !bytes.Equal(got, want) {
			t.Errorf("compactListed(%q) = %q, %v; compactObject gives %q, %v", in, got, gotOK, want, wantOK)
		}
	}
}

// A listed part whose text holds <, > or & (tool output often does) is
// taken as sent, like any other: the model holds it HTML-escaped as the
// event's Data does, and the merger does not take that difference for a
// change it must wrap and apply again (which once cost twice the work).
func TestMergeTakesEscapedPartsAsSent(t *testing.T) {
	allocs := func(text string) float64 {
		elem := []byte(`{"info":{"id":"msg_1","sessionID":"ses_1","role":"assistant","time":{"created":1}},"parts":[{"id":"prt_1","sessionID":"ses_1","messageID":"msg_1","type":"tool","state":{"status":"completed","output":"` + text + `"}}]}`)
		return testing.AllocsPerRun(50, func() {
			s := New("ses_1").StartMerge(Snapshot{}, true)
			wm, err := SplitWireMessage(elem)
			if err != nil || s.Message(wm) != "msg_1" {
				t.Fatalf("not merged: %v", err)
			}
			if evs := s.End(); len(evs) != 2 {
				t.Fatalf("%d events, want the message and its part", len(evs))
			}
		})
	}
	marked, unmarked := allocs("<path>a & b</path>"), allocs("_path_a - b__path_")
	if marked > unmarked+1 {
		t.Errorf("a part with <, > and & takes %.0f allocations to merge, one without %.0f", marked, unmarked)
	}
}

// appendMarshaled escapes exactly as json.HTMLEscape does, whatever mix of
// marked bytes, partial sequences and other text raw holds.
func TestAppendMarshaledIsHTMLEscape(t *testing.T) {
	r := rand.New(rand.NewPCG(3, 4))
	alphabet := []string{"<", ">", "&", "\u2028", "\u2029", "\u202a", "€", "\xe2", "\xe2\x80", "a", "bc", `\"`, "é"}
	for range 20000 {
		var raw []byte
		for range r.IntN(12) {
			raw = append(raw, alphabet[r.IntN(len(alphabet))]...)
		}
		var want bytes.Buffer
		json.HTMLEscape(&want, raw)
		if got := appendMarshaled([]byte("x"), raw); !bytes.Equal(got[1:], want.Bytes()) || got[0] != 'x' {
			t.Fatalf("appendMarshaled(%q) = %q, json.HTMLEscape gives %q", raw, got[1:], want.Bytes())
		}
	}
}

// A streamed merge hands on its slices through two arrays, whatever the
// length of the list.
func TestTakeReusesTheSliceBeforeLast(t *testing.T) {
	s := New(testSession).StartMerge(Snapshot{}, true)
	s.Forget = true
	var firsts []*Event
	for i := range 6 {
		wm, err := SplitWireMessage([]byte(`{"info":{"id":"msg_0` + string(rune('0'+i)) + `","sessionID":"ses_t","role":"user"},"parts":[]}`))
		if err != nil || s.Message(wm) == "" {
			t.Fatalf("message %d not merged: %v", i, err)
		}
		evs := s.Take()
		if len(evs) != 1 {
			t.Fatalf("Take %d: %d events, want 1", i, len(evs))
		}
		firsts = append(firsts, &evs[0])
	}
	for i := 2; i < len(firsts); i++ {
		if firsts[i] != firsts[i-2] {
			t.Errorf("Take %d handed on a new array, not the one of Take %d", i, i-2)
		}
	}
}
