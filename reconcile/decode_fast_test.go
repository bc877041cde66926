package reconcile

import (
	"bytes"
	"path/filepath"
	"reflect"
	"strings"
	"testing"
)

// agreeWithWire fails when the fast path answers differently from
// encoding/json; it reports whether the fast path answered.
func agreeWithWire(t *testing.T, d *Decoder, data []byte) bool {
	t.Helper()
	fast, ok := fastFrame(string(data), d)
	if !ok {
		return false
	}
	want, _, err := decodeWire(data)
	if err != nil {
		t.Fatalf("fast path read %q, encoding/json refuses it: %v", data, err)
	}
	if fast.delta != nil {
		partID, messageID, field, delta, isString, ok := deltaFields(fast.Data)
		got := fast.cachedDelta()
		if got == nil || !isString || !ok || got.partID != partID || got.messageID != messageID || got.field != field || got.delta != delta {
			t.Fatalf("%q: delta %+v, deltaFields reads %q %q %q %q (string %v, ok %v)", data, got, partID, messageID, field, delta, isString, ok)
		}
	}
	if fast.held != nil {
		checkHeld(t, data, fast)
	}
	fast.delta, fast.held = nil, nil
	if !reflect.DeepEqual(fast, want) {
		t.Fatalf("%q:\nfast %+v\nwire %+v", data, fast, want)
	}
	return true
}

// checkHeld: the part or info the decoder read with a frame is what the
// model would read of the event's Data without it.
func checkHeld(t *testing.T, data []byte, fast Event) {
	t.Helper()
	bare := Event{Type: fast.Type, Data: fast.Data}
	switch fast.Type {
	case TypePartUpdated:
		raw, head, ok := fast.heldPart()
		wantRaw, wantHead, wantOK := partOf(bare)
		if !ok || !wantOK || !bytes.Equal(raw, wantRaw) || !reflect.DeepEqual(head, wantHead) {
			t.Fatalf("%q: held part %s %+v (%v), partOf reads %s %+v (%v)", data, raw, head, ok, wantRaw, wantHead, wantOK)
		}
	case TypeMessageUpdated:
		raw, head, ok := fast.heldMessage()
		wantRaw, wantOK := infoOf(bare)
		wantHead, headOK := parseMessageHead(wantRaw)
		if !ok || !wantOK || !headOK || !bytes.Equal(raw, wantRaw) || !reflect.DeepEqual(head, wantHead) {
			t.Fatalf("%q: held info %s %+v (%v), infoOf reads %s %+v (%v)", data, raw, head, ok, wantRaw, wantHead, wantOK && headOK)
		}
	default:
		t.Fatalf("%q: a %s event holds an item", data, fast.Type)
	}
}

// Every captured frame the fast path reads, it reads as encoding/json
// does; and it reads every delta and most other events.
func TestFastFrameAgreesOnCaptures(t *testing.T) {
	captures, err := filepath.Glob(filepath.Join(fixtureDir, "*.sse"))
	if err != nil || len(captures) < 20 {
		t.Fatalf("captures: %v (%d)", err, len(captures))
	}
	var d Decoder
	var fast, total, deltas, twins int
	for _, path := range captures {
		for _, frame := range sseFrames(t, filepath.Base(path)) {
			total++
			if agreeWithWire(t, &d, frame) {
				fast++
			}
			if ev, _, err := decodeWire(frame); err == nil && ev.Type == TypePartDelta {
				deltas++
				if !agreeWithWire(t, nil, frame) {
					t.Errorf("delta frame %s not on the fast path", frame)
				}
			}
			if bytes.Contains(frame, []byte(`"type":"sync"`)) {
				twins++
				if !agreeWithWire(t, nil, frame) {
					t.Errorf("sync twin %.200s not on the fast path", frame)
				}
			}
		}
	}
	t.Logf("fast path read %d of %d frames (%d deltas, %d sync twins)", fast, total, deltas, twins)
	if deltas == 0 || twins == 0 || fast < total/2 {
		t.Errorf("fast path read %d of %d frames, %d deltas", fast, total, deltas)
	}
}

func TestFastFrameLeavesTheUnusualToEncodingJSON(t *testing.T) {
	for _, frame := range []string{
		`{"payload":{"type":"message.part.delta","properties":{"sessionID":"s","partID":"p","messageID":"m","field":"text","delta":"a"},"ID":"evt_1"}}`, // member in another case
		`{"payload":{"type":"message.part.delta","properties":{"sessionID":"s","sessionID":"t"}}}`,                                                      // duplicate
		`{"payload":{"type":"message.part.delta","properties":{"sessionID":"s", "delta":"a"}}}`,                                                         // whitespace in properties
		`{"payload":{"type":"message.part.delta","properties":{"sessionID":"s","delta":"\ud800"}}}`,                                                     // unpaired surrogate
		`{"payload":{"type":"message.part.delta","properties":{"sessionID":"s","delta":"` + "\xff" + `"}}}`,                                             // invalid UTF-8
		`{"payload":{"type":"message.part.delta","properties":{"\u0073essionID":"s"}}}`,                                                                 // escaped name
		`{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","seq":1,"data":{"sessionID":"s"}}}}`,                                         // sync twin without aggregate
		`{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","seq":1.0,"aggregateID":"s","data":{}}}}`,                                    // seq not an integer
		`{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","seq":9223372036854775808,"aggregateID":"s","data":{}}}}`,                    // seq beyond int64
		`{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","seq":1,"aggregateID":"s","data":{"a": 1}}}}`,                                // whitespace in data
		`{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","seq":1,"Seq":2,"aggregateID":"s","data":{}}}}`,                              // member in another case
		`{"payload":{"type":"session.idle","properties":{"sessionID":"s"},"syncEvent":{"seq":1.5}}}`,                                                    // syncEvent beside properties
		`{"type":"message.updated","properties":{"info":{"id":"msg_1","sessionID":"ses_b"}}}`,                                                           // session not at the top
		`{"payload":{"type":"session.idle","properties":{"sessionID":"s"},"data":{}}}`,                                                                  // /api/event member
		`{"payload":{"type":"session.idle","properties":{"sessionID":"s"}}} x`,                                                                          // trailing bytes
		`{"payload":{"type":"session.idle","properties":{"sessionID":"s","n":01}}}`,                                                                     // bad number
		`{"payload":{"type":"session.idle","properties":{"sessionID":"s","n":"` + "\x01" + `"}}}`,                                                       // control character
	} {
		if _, ok := fastFrame(frame, nil); ok {
			t.Errorf("fast path read %s", frame)
		}
	}
}

func TestFastFrameReadsEscapes(t *testing.T) {
	frame := `{"directory":"/p","payload":{"id":"evt_1","type":"message.part.delta","properties":{"sessionID":"ses_a","messageID":"m","partID":"p","field":"text","delta":"\"a\"\n\u00e9\ud83d\ude00é\/"}}}`
	if !agreeWithWire(t, &Decoder{}, []byte(frame)) {
		t.Fatal("fast path refused a plain delta with escapes")
	}
	ev, _ := fastFrame(frame, nil)
	if got := ev.cachedDelta().delta; got != "\"a\"\né😀é/" {
		t.Errorf("delta %q", got)
	}
}

// A delta whose Data was replaced after decoding is read from its Data.
func TestCachedDeltaFollowsData(t *testing.T) {
	frame := `{"payload":{"id":"evt_1","type":"message.part.delta","properties":{"sessionID":"s","messageID":"m","partID":"p","field":"text","delta":"a"}}}`
	ev, _, err := DecodeFrame([]byte(frame))
	if err != nil || ev.cachedDelta() == nil {
		t.Fatalf("%+v %v", ev, err)
	}
	ev.Data = []byte(`{"sessionID":"s","messageID":"m","partID":"p","field":"text","delta":"b"}`)
	if ev.cachedDelta() != nil {
		t.Fatal("cached delta used for other data")
	}
}

func FuzzFastFrameAgrees(f *testing.F) {
	addFrameSeeds(f)
	f.Fuzz(func(t *testing.T, data []byte, _ bool) {
		agreeWithWire(t, &Decoder{}, data)
	})
}

// TestFastFrameReadsSyncTwinsAsEncodingJSON: a sync twin (the durable
// copy of an event, as large as the event) is read in one pass too, to the
// event fromWire makes of it.
func TestFastFrameReadsSyncTwinsAsEncodingJSON(t *testing.T) {
	for _, frame := range []string{
		`{"directory":"/d","payload":{"type":"sync","syncEvent":{"id":"evt_1","type":"message.part.updated.1","seq":7,"aggregateID":"ses_a","data":{"part":{"id":"p","text":"<b>&"}}}}}`,
		`{"payload":{"type":"sync","id":"evt_outer","syncEvent":{"id":"","type":"session.updated","seq":0,"aggregateID":"ses_a"}}}`,
		`{"payload":{"type":"sync","syncEvent":{"type":"x.y.12","seq":-0,"aggregateID":"ses_\u0061","data":{},"extra":[1,{"k":null}]}}}`,
		`{"type":"sync","syncEvent":{"type":"message.updated.1","seq":3,"aggregateID":"ses_b","data":{"info":{}}}}`,
	} {
		if !agreeWithWire(t, &Decoder{}, []byte(frame)) {
			t.Errorf("fast path left to encoding/json: %s", frame)
		}
	}
	for _, frame := range []string{
		`{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","seq":-1,"aggregateID":"s","data":{}}}}`,
		`{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","aggregateID":"s","data":{}}}}`,
		`{"payload":{"type":"sync","syncEvent":{"type":"session.updated.1","seq":1,"aggregateID":"s","data":null}}}`,
	} {
		if _, ok := fastFrame(frame, nil); ok {
			t.Errorf("fast path read %s", frame)
		}
		agreeWithWire(t, nil, []byte(frame))
	}
}

// TestDecodeBytesKeepsNothingOfTheFrame: a stream reader reuses the bytes
// it hands to DecodeBytes; overwriting them after the decode must change
// nothing of the event or of what the Decoder keeps, on both ways through
// the decoder (the one-pass reader and encoding/json).
func TestDecodeBytesKeepsNothingOfTheFrame(t *testing.T) {
	captures, err := filepath.Glob(filepath.Join(fixtureDir, "*.sse"))
	if err != nil || len(captures) < 20 {
		t.Fatalf("captures: %v (%d)", err, len(captures))
	}
	var reused, fresh Decoder
	var fast, slow int
	for _, path := range captures {
		for _, frame := range sseFrames(t, filepath.Base(path)) {
			buf := bytes.Clone(frame)
			got, gotKnown, gotErr := reused.DecodeBytes(buf)
			for i := range buf {
				buf[i] = 'x'
			}
			want, wantKnown, wantErr := fresh.Decode(string(frame))
			if (gotErr == nil) != (wantErr == nil) || gotKnown != wantKnown {
				t.Fatalf("%s: error %v / %v, known %v / %v", frame, gotErr, wantErr, gotKnown, wantKnown)
			}
			if d := got.cachedDelta(); d != nil {
				w := want.cachedDelta()
				if w == nil || d.partID != w.partID || d.messageID != w.messageID || d.field != w.field || d.delta != w.delta {
					t.Fatalf("%s: delta %+v, want %+v", frame, d, w)
				}
			}
			if _, ok := fastFrame(string(frame), nil); ok {
				fast++
			} else {
				slow++
			}
			got.delta, want.delta, got.held, want.held = nil, nil, nil, nil
			if !reflect.DeepEqual(got, want) {
				t.Fatalf("decoded from reused bytes:\n got %+v\nwant %+v", got, want)
			}
		}
	}
	for raw, s := range reused.names {
		if raw != s || strings.Contains(s, "xxxx") {
			t.Fatalf("the decoder keeps %q for %q", s, raw)
		}
	}
	if fast == 0 || slow == 0 {
		t.Fatalf("frames on the one-pass reader %d, through encoding/json %d: both ways must be checked", fast, slow)
	}
	for _, empty := range [][]byte{nil, {}} {
		if _, _, err := reused.DecodeBytes(empty); err == nil {
			t.Fatalf("an empty frame %#v decoded", empty)
		}
	}
}

// heldEdgeFrames are parts and infos the decoder must read as partOf and
// infoOf do, or leave to them.
var heldEdgeFrames = []string{
	`{"type":"message.part.updated","properties":{"sessionID":"ses_a","part":{"id":"p","messageID":"m","type":"text","text":"<a>&\u2028","time":{"start":1,"end":2}}}}`,
	`{"type":"message.part.updated","properties":{"sessionID":"ses_a","part":{"id":"p1","type":"text"},"part":{"id":"p2","type":"text"}}}`,
	`{"type":"message.part.updated","properties":{"sessionID":"ses_a","part":[1,2]}}`,
	`{"type":"message.part.updated","properties":{"sessionID":"ses_a","part":"p"}}`,
	`{"type":"message.part.updated","properties":{"sessionID":"ses_a","Part":{"id":"p"}}}`,
	`{"type":"message.part.updated","properties":{"sessionID":"ses_a","part":{"id":7}}}`,
	`{"type":"message.part.updated","properties":{"sessionID":"ses_a","info":{"id":"m"}}}`,
	`{"type":"message.updated","properties":{"sessionID":"ses_a","info":{"id":"m","role":"assistant","sessionID":"ses_a","time":{"created":1}},"part":{"id":"p"}}}`,
	`{"type":"message.updated","properties":{"sessionID":"ses_a","info":{"id":"m1"},"info":{"id":"m2"}}}`,
	`{"type":"message.updated","properties":{"sessionID":"ses_a","info":null}}`,
	`{"type":"session.updated","properties":{"sessionID":"ses_a","info":{"id":"ses_a"}}}`,
	`{"payload":{"type":"sync","syncEvent":{"id":"evt_1","type":"message.part.updated.1","seq":7,"aggregateID":"ses_a","data":{"sessionID":"ses_a","part":{"id":"p","messageID":"m","type":"tool","state":{"status":"completed"}}}}}}`,
	`{"payload":{"type":"sync","syncEvent":{"id":"evt_2","type":"message.updated.1","seq":8,"aggregateID":"ses_a","data":{"sessionID":"ses_a","info":{"id":"m","role":"user"}}}}}`,
}

// The decoder reads the part or info of each edge frame as partOf and
// infoOf would, or leaves it to them: a repeated member (the last one
// counts), a member that is no object, a member of another event type.
func TestHeldItemsReadWithTheFrame(t *testing.T) {
	want := map[int]bool{0: true, 7: true, 11: true, 12: true} // the frames read with their item
	for i, frame := range heldEdgeFrames {
		fast, ok := fastFrame(frame, &Decoder{})
		if !ok {
			t.Fatalf("frame %d left to encoding/json: %s", i, frame)
		}
		if held := fast.held != nil; held != want[i] {
			t.Errorf("frame %d: held item %v, want %v: %s", i, held, want[i], frame)
		}
		agreeWithWire(t, &Decoder{}, []byte(frame))
	}
}
