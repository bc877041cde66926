package reconcile

import (
	"bytes"
	"encoding/json"
	"slices"
	"strings"
	"testing"
)

// listedShapes are messages of a list, each with something SplitListed
// must carry over exactly: bytes the events escape, escapes, layout,
// members that are not objects, another session, members in another order.
var listedShapes = []string{
	`{"info":{"id":"msg_01","sessionID":"ses_t","role":"assistant","time":{"created":1}},"parts":[{"id":"prt_01","sessionID":"ses_t","messageID":"msg_01","type":"text","text":"a <b> & c ` + "\u2028 \u2029" + ` d","time":{"start":1,"end":2}}]}`,
	`{"info":{"id":"msg_02","sessionID":"ses_t","role":"user","time":{"created":2}},"parts":[]}`,
	`{"info":{"id":"msg_03","sessionID":"ses_t"},"parts":[{"id":"prt_03","sessionID":"ses_t","messageID":"msg_03","type":"tool","state":{"status":"completed","output":"\"q\" \\ \u00e9 \ud83d\ude00"}}]}`,
	`{"info":{"id":"msg_04","sessionID":"ses_t"},"parts":[{"id":"prt_04","sessionID":"ses_t","messageID":"msg_04","type":"text","text":"x"},1,"y",null]}`,
	`{"info": {"id":"msg_05","sessionID":"ses_t"}, "parts":[ {"id":"prt_05","sessionID":"ses_t","messageID":"msg_05","type":"text","text":"spaced"} ]}`,
	`{"info":{"id":"msg_06","sessionID":"ses_other"},"parts":[{"id":"prt_06","sessionID":"ses_other","messageID":"msg_06","type":"text","text":"elsewhere"}]}`,
	`{"info":{"id":"msg_07","sessionID":"ses_t"},"parts":[{"id":"prt_07","messageID":"msg_07","type":"text","text":"no session"},{"id":"prt_08","sessionID":"ses_t","type":"text","text":"no message"}]}`,
	`{"parts":[{"id":"prt_09","sessionID":"ses_t","messageID":"msg_09","type":"reasoning","text":"first"}],"info":{"id":"msg_09","sessionID":"ses_t","role":"assistant"}}`,
	`{"info":"not an object","parts":[]}`,
	`{"info":{"id":"msg_10","sessionID":"ses_t"}}`,
	`{"info":{"id":"msg_11","sessionID":"ses_t","extra":{"a":[1,2,{"b":"</script>"}]}},"parts":[{"id":"prt_11","sessionID":"ses_t","messageID":"msg_11","type":"patch","files":["a&b"]}],"other":true}`,
	`[1]`,
	`{"info":`,
}

// A list split by SplitListed, from bytes the reader then reads the next
// message into, merges into the same events and the same model as one
// split from a copy by SplitWireMessage: for the model's session and, the
// events then made again by the merger, for another.
func TestSplitListedMergesAsACopy(t *testing.T) {
	lists := map[string][]string{"shapes": listedShapes}
	for name, elems := range capturedLists(t) {
		for _, e := range elems {
			lists[name] = append(lists[name], string(e))
		}
	}
	for name, elems := range lists {
		session := sessionOfList(elems)
		want := mergeList(t, session, elems, splitCopy)
		for _, madeFor := range []string{session, "ses_another"} {
			got := mergeList(t, session, elems, splitReused(madeFor))
			if diff := got.differs(want); diff != "" {
				t.Errorf("%s, made for %s: %s", name, madeFor, diff)
			}
		}
	}
}

// agreeListed is TestSplitListedMergesAsACopy for one message.
func agreeListed(t *testing.T, raw []byte) {
	t.Helper()
	elems := []string{string(raw)}
	want := mergeList(t, testSession, elems, splitCopy)
	if diff := mergeList(t, testSession, elems, splitReused(testSession)).differs(want); diff != "" {
		t.Fatalf("%q: %s", raw, diff)
	}
}

// The usual message is copied once: a list's reader that keeps none of its
// buffer and a merge that takes the events as they were made allocate
// little more than the message itself, where a copy of the message and
// then of each part took twice that.
func TestSplitListedCopiesAMessageOnce(t *testing.T) {
	text := strings.Repeat("lorem ipsum dolor sit amet ", 40_000) // about 1 MB
	elem := []byte(`{"info":{"id":"msg_01","sessionID":"ses_t","role":"assistant","time":{"created":1}},"parts":[` +
		`{"id":"prt_01","sessionID":"ses_t","messageID":"msg_01","type":"text","text":"` + text + `","time":{"start":1,"end":2}}]}`)
	s := New(testSession).StartMerge(Snapshot{}, true)
	s.Forget = true
	allocated := allocatedBy(func() {
		wm, err := SplitListed(elem, testSession)
		if err != nil || s.Message(wm) != "msg_01" {
			t.Fatalf("not merged: %v", err)
		}
		if evs := s.End(); len(evs) != 2 {
			t.Fatalf("%d events, want the message and its part", len(evs))
		}
	})
	if allocated > int64(len(elem))*5/4 {
		t.Errorf("splitting and merging a message of %d bytes allocated %d", len(elem), allocated)
	}
}

// splitCopy splits a message as a reader that keeps it would.
func splitCopy(elem []byte) (WireMessage, error) { return SplitWireMessage(bytes.Clone(elem)) }

// splitReused splits a message with SplitListed for madeFor, then reads
// something else into its bytes, as the list's reader does.
func splitReused(madeFor string) func([]byte) (WireMessage, error) {
	return func(elem []byte) (WireMessage, error) {
		buf := bytes.Clone(elem)
		wm, err := SplitListed(buf, madeFor)
		for i := range buf {
			buf[i] = '#'
		}
		return wm, err
	}
}

// merged is what merging a list gave: its events, the model's messages,
// and which messages split with an error.
type merged struct {
	events   []Event
	messages []Message
	failed   []int
}

func mergeList(t *testing.T, session string, elems []string, split func([]byte) (WireMessage, error)) merged {
	t.Helper()
	var out merged
	s := New(session).StartMerge(Snapshot{}, true)
	for i, e := range elems {
		wm, err := split([]byte(e))
		if err != nil {
			out.failed = append(out.failed, i)
			continue
		}
		s.Message(wm)
		out.events = append(out.events, slices.Clone(s.Take())...)
	}
	out.events = append(out.events, s.End()...)
	out.messages = s.g.m.Messages()
	return out
}

func (got merged) differs(want merged) string {
	if !slices.Equal(got.failed, want.failed) {
		return "split errors for messages " + jsonText(got.failed) + ", want " + jsonText(want.failed)
	}
	if len(got.events) != len(want.events) {
		return "events " + jsonText(len(got.events)) + ", want " + jsonText(len(want.events))
	}
	for i, g := range got.events {
		w := want.events[i]
		if g.Type != w.Type || g.Session != w.Session || g.ID != w.ID || g.Synthetic != w.Synthetic || !bytes.Equal(g.Data, w.Data) {
			return "event " + jsonText(i) + ": " + g.Type + " " + string(g.Data) + ", want " + w.Type + " " + string(w.Data)
		}
	}
	if diffs := CompareMessages(got.messages, want.messages); len(diffs) > 0 {
		return "model: " + strings.Join(diffs, "; ")
	}
	return ""
}

// sessionOfList is the session of a list's first message that names one.
func sessionOfList(elems []string) string {
	for _, e := range elems {
		var m struct {
			Info struct{ SessionID string } `json:"info"`
		}
		if json.Unmarshal([]byte(e), &m) == nil && m.Info.SessionID != "" {
			return m.Info.SessionID
		}
	}
	return testSession
}

func jsonText(v any) string {
	b, _ := json.Marshal(v)
	return string(b)
}
