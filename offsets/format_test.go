package offsets

import (
	"errors"
	"strings"
	"testing"
	"time"
)

const validFile = `{"version":1,"server":"http://127.0.0.1:4437","stream":"/v1/stream/a",` +
	`"position":{"offset":"0000000000000000_0000000000000013","skip":2,"cursor":"c1"},` +
	`"updated":"2026-01-02T15:04:05.5Z"}`

func TestDecode(t *testing.T) {
	tests := []struct {
		name       string
		data       string
		wantReason string // "" = valid
		wantFuture bool
	}{
		{name: "valid", data: validFile},
		{name: "valid with unknown field", data: `{"version":1,"server":"s","stream":"t","extra":true}`},
		{name: "valid opencode", data: `{"version":1,"server":"http://h","stream":"ses_1","position":{"seq":9,"event_id":"evt_1"}}`},
		{name: "empty", data: "", wantReason: "empty file"},
		{name: "truncated", data: validFile[:len(validFile)/2], wantReason: "not valid JSON"},
		{name: "not json", data: "offset=12", wantReason: "not valid JSON"},
		{name: "trailing garbage", data: validFile + "x", wantReason: "not valid JSON"},
		{name: "array", data: `[1]`, wantReason: "not valid JSON"},
		{name: "null", data: `null`, wantReason: "no format version"},
		{name: "no version", data: `{"server":"s","stream":"t"}`, wantReason: "no format version"},
		{name: "version zero", data: `{"version":0,"server":"s","stream":"t"}`, wantReason: "format version 0"},
		{name: "version not a number", data: `{"version":"1","server":"s","stream":"t"}`, wantReason: "not valid JSON"},
		{name: "future version", data: `{"version":2,"server":"s","stream":"t"}`, wantReason: "format version 2", wantFuture: true},
		{name: "future layout", data: `{"version":7,"position":"opaque"}`, wantReason: "format version 7", wantFuture: true},
		{name: "wrong field type", data: `{"version":1,"server":"s","stream":"t","position":{"skip":"2"}}`, wantReason: "unexpected content"},
		{name: "missing stream", data: `{"version":1,"server":"s"}`, wantReason: "missing server or stream"},
		{name: "negative skip", data: `{"version":1,"server":"s","stream":"t","position":{"skip":-1}}`, wantReason: "negative"},
		{name: "too large", data: `{"version":1,"server":"s","stream":"t","pad":"` + strings.Repeat("x", maxFileSize) + `"}`, wantReason: "larger than"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := decode("entry.json", []byte(tt.data))
			if tt.wantReason == "" {
				if err != nil {
					t.Fatalf("decode: %v", err)
				}
				return
			}
			var ce *CorruptError
			if !errors.As(err, &ce) {
				t.Fatalf("err = %v, want *CorruptError", err)
			}
			if ce.Path != "entry.json" || !strings.Contains(ce.Reason, tt.wantReason) {
				t.Errorf("got path %q reason %q, want reason containing %q", ce.Path, ce.Reason, tt.wantReason)
			}
			if got := errors.Is(err, ErrFutureVersion); got != tt.wantFuture {
				t.Errorf("errors.Is(ErrFutureVersion) = %v, want %v", got, tt.wantFuture)
			}
		})
	}
}

func TestEncodeRoundTrip(t *testing.T) {
	in := record{
		Version: formatVersion, Server: "http://h", Stream: "/s",
		Position: Position{Offset: "o", Skip: 3, Seq: 4, EventID: "e", Cursor: "c"},
		Updated:  time.Date(2026, 1, 2, 3, 4, 5, 6, time.FixedZone("x", 3600)),
	}
	data, err := encode(in)
	if err != nil {
		t.Fatal(err)
	}
	out, err := decode("p", data)
	if err != nil {
		t.Fatal(err)
	}
	if !sameRecord(in, out) {
		t.Fatalf("round trip: got %+v, want %+v", out, in)
	}
	if out.Updated.Location() != time.UTC {
		t.Errorf("updated is written in %v, want UTC", out.Updated.Location())
	}
}

func TestEncodeRejects(t *testing.T) {
	base := record{Version: formatVersion, Server: "http://h", Stream: "/s"}
	tests := []struct {
		name   string
		modify func(*record)
	}{
		{name: "offset not utf-8", modify: func(r *record) { r.Position.Offset = "\xff" }},
		{name: "negative seq", modify: func(r *record) { r.Position.Seq = -1 }},
		{name: "negative skip", modify: func(r *record) { r.Position.Skip = -5 }},
		{name: "no stream", modify: func(r *record) { r.Stream = "" }},
		{name: "year out of range", modify: func(r *record) { r.Updated = time.Date(10000, 1, 1, 0, 0, 0, 0, time.UTC) }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := base
			tt.modify(&r)
			if _, err := encode(r); err == nil {
				t.Fatal("encode accepted a record decode would refuse")
			}
		})
	}
}

func sameRecord(a, b record) bool {
	return a.Version == b.Version && a.Server == b.Server && a.Stream == b.Stream &&
		a.Position == b.Position && a.Updated.Equal(b.Updated)
}

func FuzzDecode(f *testing.F) {
	f.Add([]byte(validFile))
	f.Add([]byte(`{"version":1,"server":"http://h","stream":"ses_1","position":{"seq":9,"event_id":"evt_1"}}`))
	f.Add([]byte(`{"version":2}`))
	f.Add([]byte(`{"version":1,"server":"s","stream":"t","updated":"0000-01-01T00:00:00+23:59"}`))
	f.Add([]byte(validFile[:40]))
	f.Add([]byte(""))
	f.Fuzz(func(t *testing.T, data []byte) {
		rec, err := decode("fuzz", data)
		if err != nil {
			var ce *CorruptError
			if !errors.As(err, &ce) {
				t.Fatalf("decode error is %T, want *CorruptError", err)
			}
			return
		}
		again, err := encode(rec)
		if err != nil {
			t.Fatalf("decoded record does not re-encode: %v (%+v)", err, rec)
		}
		back, err := decode("fuzz", again)
		if err != nil {
			t.Fatalf("re-encoded record does not decode: %v\n%s", err, again)
		}
		if !sameRecord(rec, back) {
			t.Fatalf("re-encode changed the record: %+v -> %+v", rec, back)
		}
	})
}
