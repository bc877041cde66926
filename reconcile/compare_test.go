package reconcile

import (
	"encoding/json"
	"strings"
	"testing"
)

func TestCompareMessagesReportsDifferences(t *testing.T) {
	base := func(t *testing.T) []Message {
		msgs, err := MessagesFromREST(readFixture(t, "c-tool.rest.messages.json"))
		if err != nil {
			t.Fatal(err)
		}
		return msgs
	}
	tests := []struct {
		name   string
		edit   func(got []Message) []Message
		wantIn string // "" means no difference expected
	}{
		{"identical", func(got []Message) []Message { return got }, ""},
		{"message missing", func(got []Message) []Message { return got[1:] }, "missing"},
		{"extra message", func(got []Message) []Message {
			extra := got[0]
			extra.ID = "msg_zzz"
			return append(got, extra)
		}, "msg_zzz: not on the server"},
		{"info differs", func(got []Message) []Message {
			got[1].Info = replaceMember(t, got[1].Info, "finish", `"length"`)
			return got
		}, "info differs"},
		{"part missing", func(got []Message) []Message {
			got[1].Parts = got[1].Parts[1:]
			return got
		}, "missing"},
		{"text differs", func(got []Message) []Message {
			p := &got[2].Parts[1]
			p.Text, p.Raw = "other", replaceMember(t, p.Raw, "text", `"other"`)
			return got
		}, "text differs"},
		{"tool state differs", func(got []Message) []Message {
			p := &got[1].Parts[2]
			p.Raw = replaceMember(t, p.Raw, "callID", `"call_x"`)
			return got
		}, "differs"},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			want := base(t)
			diffs := CompareMessages(tc.edit(base(t)), want)
			if tc.wantIn == "" {
				if len(diffs) != 0 {
					t.Fatalf("unexpected differences: %v", diffs)
				}
				return
			}
			if len(diffs) == 0 || !strings.Contains(strings.Join(diffs, "\n"), tc.wantIn) {
				t.Fatalf("differences %v, want one mentioning %q", diffs, tc.wantIn)
			}
		})
	}
}

// The server stores streamed text only at part end: an unfinished REST
// part may not be held against text the client streamed.
func TestCompareMessagesIgnoresTextOfUnfinishedServerParts(t *testing.T) {
	want, err := MessagesFromREST(readFixture(t, "l-late-join.rest.0-midstream-0.messages.json"))
	if err != nil {
		t.Fatal(err)
	}
	got, err := MessagesFromREST(readFixture(t, "l-late-join.rest.0-midstream-0.messages.json"))
	if err != nil {
		t.Fatal(err)
	}
	p := &got[1].Parts[1]
	if p.Type != "text" || p.Ended || !p.Incomplete {
		t.Fatalf("fixture part %+v", p)
	}
	p.Raw = replaceMember(t, p.Raw, "text", `"word25 word26 "`)
	if diffs := CompareMessages(got, want); len(diffs) != 0 {
		t.Fatalf("differences %v", diffs)
	}
	got[0].Parts[0].Raw = replaceMember(t, got[0].Parts[0].Raw, "text", `"changed prompt"`)
	if diffs := CompareMessages(got, want); len(diffs) != 1 {
		t.Fatalf("a changed finished part must differ: %v", diffs)
	}
}

func TestSnapshotDecodersRejectBadBodies(t *testing.T) {
	bodies := []string{`{`, `null`, `"x"`, `{"a":1}`}
	for _, body := range bodies {
		if _, err := DecodeMessages([]byte(body)); err == nil {
			t.Errorf("DecodeMessages(%s): no error", body)
		}
		if _, err := DecodeList([]byte(body)); err == nil {
			t.Errorf("DecodeList(%s): no error", body)
		}
	}
	for _, body := range []string{`{`, `null`, `[]`} {
		if _, err := DecodeStatusMap([]byte(body)); err == nil {
			t.Errorf("DecodeStatusMap(%s): no error", body)
		}
	}
	if _, err := MessagesFromREST([]byte(`[{"info":`)); err == nil {
		t.Error("MessagesFromREST accepted a broken body")
	}
}

func replaceMember(t *testing.T, obj json.RawMessage, name, value string) json.RawMessage {
	t.Helper()
	fields, ok := objectFields(obj)
	if !ok {
		t.Fatalf("not an object: %s", obj)
	}
	fields[name] = json.RawMessage(value)
	out, err := json.Marshal(fields)
	if err != nil {
		t.Fatal(err)
	}
	return out
}
