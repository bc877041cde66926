package reconcile

import (
	"path/filepath"
	"reflect"
	"testing"
)

func TestDecodeFrame(t *testing.T) {
	tests := []struct {
		name      string
		frame     string
		want      Event
		wantKnown bool
		wantErr   bool
	}{
		{
			name:      "bare event from /event",
			frame:     `{"id":"evt_2","type":"message.part.delta","properties":{"sessionID":"ses_a","messageID":"msg_1","partID":"prt_1","field":"text","delta":"Hi"}}`,
			want:      Event{Type: TypePartDelta, Session: "ses_a", ID: "evt_2"},
			wantKnown: true,
		},
		{
			name:      "global envelope",
			frame:     `{"directory":"/p","project":"x","payload":{"type":"session.status","properties":{"sessionID":"ses_a","status":{"type":"busy"}},"id":"evt_3"}}`,
			want:      Event{Type: TypeSessionStatus, Session: "ses_a", ID: "evt_3", Directory: "/p"},
			wantKnown: true,
		},
		{
			name:      "sync twin: seq, aggregate, version suffix",
			frame:     `{"directory":"/p","payload":{"type":"sync","syncEvent":{"id":"evt_4","type":"message.part.updated.1","seq":0,"aggregateID":"ses_a","data":{"sessionID":"ses_a","part":{}}},"id":"evt_4"}}`,
			want:      Event{Type: TypePartUpdated, Session: "ses_a", ID: "evt_4", Directory: "/p", Sync: true, Seq: 0, Version: 1},
			wantKnown: true,
		},
		{
			name:      "heartbeat without directory",
			frame:     `{"payload":{"id":"evt_5","type":"server.heartbeat","properties":{}}}`,
			want:      Event{Type: TypeServerHeartbeat, ID: "evt_5"},
			wantKnown: true,
		},
		{
			name:      "session of message.updated is info.sessionID, not info.id",
			frame:     `{"type":"message.updated","properties":{"info":{"id":"msg_1","sessionID":"ses_b"}}}`,
			want:      Event{Type: TypeMessageUpdated, Session: "ses_b"},
			wantKnown: true,
		},
		{
			name:      "session of session.updated is info.id",
			frame:     `{"type":"session.updated","properties":{"info":{"id":"ses_c","parentID":"ses_p"}}}`,
			want:      Event{Type: TypeSessionUpdated, Session: "ses_c"},
			wantKnown: true,
		},
		{
			name:      "session of a part update is part.sessionID",
			frame:     `{"type":"message.part.updated","properties":{"part":{"id":"prt_1","sessionID":"ses_d"}}}`,
			want:      Event{Type: TypePartUpdated, Session: "ses_d"},
			wantKnown: true,
		},
		{
			name:  "unknown type is returned, not an error",
			frame: `{"id":"evt_6","type":"plugin.added","properties":{"id":"p"}}`,
			want:  Event{Type: "plugin.added", ID: "evt_6"},
		},
		{
			name:      "experimental /api/event envelope",
			frame:     `{"id":"evt_7","type":"session.updated","durable":{"aggregateID":"ses_e","seq":4,"version":1},"location":{"directory":"/p"},"data":{"sessionID":"ses_e","info":{"id":"ses_e"}}}`,
			want:      Event{Type: TypeSessionUpdated, Session: "ses_e", ID: "evt_7", Directory: "/p", Sync: true, Seq: 4, Version: 1},
			wantKnown: true,
		},
		{
			name:      "missing properties read as empty",
			frame:     `{"type":"server.connected"}`,
			want:      Event{Type: TypeServerConnected},
			wantKnown: true,
		},
		{name: "not JSON", frame: `data: {`, wantErr: true},
		{name: "no type", frame: `{"properties":{}}`, wantErr: true},
		{name: "envelope payload without type", frame: `{"directory":"/p","payload":{"id":"evt_1"}}`, wantErr: true},
		{name: "sync without syncEvent", frame: `{"payload":{"type":"sync","id":"evt_1"}}`, wantErr: true},
		{name: "sync without seq", frame: `{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","aggregateID":"s","data":{}}}}`, wantErr: true},
		{name: "negative seq", frame: `{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","seq":-1,"data":{}}}}`, wantErr: true},
		{name: "properties not an object", frame: `{"type":"session.idle","properties":[1]}`, wantErr: true},
		{name: "payload not an object", frame: `{"payload":"x"}`, wantErr: true},
		{name: "array", frame: `[]`, wantErr: true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got, known, err := DecodeFrame([]byte(tc.frame))
			if (err != nil) != tc.wantErr {
				t.Fatalf("err = %v, want error %v", err, tc.wantErr)
			}
			if tc.wantErr {
				return
			}
			if known != tc.wantKnown {
				t.Errorf("known = %v", known)
			}
			if !jsonObject(got.Data) {
				t.Errorf("data %s is not an object", got.Data)
			}
			got.Data, got.delta = nil, nil
			if !reflect.DeepEqual(got, tc.want) {
				t.Errorf("got  %+v\nwant %+v", got, tc.want)
			}
		})
	}
}

// Every frame of every capture decodes; on /global/event each sync twin
// follows its plain event with the same id and identical data.
func TestDecodeFrameCaptures(t *testing.T) {
	captures, err := filepath.Glob(filepath.Join(fixtureDir, "*.sse"))
	if err != nil || len(captures) < 20 {
		t.Fatalf("captures: %v (%d)", err, len(captures))
	}
	for _, path := range captures {
		name := filepath.Base(path)
		t.Run(name, func(t *testing.T) {
			events := decodeCapture(t, name)
			if events[0].Type != TypeServerConnected {
				t.Errorf("first event %q", events[0].Type)
			}
			for i, ev := range events {
				if Known(ev.Type) && ev.Type != TypeServerConnected && ev.Type != TypeServerHeartbeat &&
					ev.Type != TypeInstanceDisposed && ev.Type != TypeGlobalDisposed && ev.Session == "" {
					t.Errorf("event %d (%s) without session", i, ev.Type)
				}
				if !ev.Sync || name == "j-v2-probe.api-event.sse" {
					continue
				}
				plain := events[i-1]
				if plain.ID != ev.ID || plain.Type != ev.Type || !jsonEqual(plain.Data, ev.Data) || plain.Session != ev.Session {
					t.Errorf("twin %d (%s seq %d) does not match the event before it", i, ev.Type, ev.Seq)
				}
			}
		})
	}
}

func jsonObject(raw []byte) bool {
	_, ok := objectFields(raw)
	return ok
}
