package reconcile

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"reflect"
	"testing"
)

// Every captured message list is split by the fast path, into what
// encoding/json reads.
func TestSplitWireMessageReadsCapturedLists(t *testing.T) {
	for f, elems := range capturedLists(t) {
		for _, e := range elems {
			wm, ok := fastWireMessage(e)
			if !ok {
				t.Errorf("%s: fast path refused %.200s", f, e)
			}
			if wm.infoHead.ID == "" || len(wm.partHeads) != len(wm.Parts) {
				t.Errorf("%s: heads not read on the way (info %q, %d of %d parts)", f, wm.infoHead.ID, len(wm.partHeads), len(wm.Parts))
			}
			if wm.compact == hasLayout(e) {
				t.Errorf("%s: compact %v for %.200s", f, wm.compact, e)
			}
			for i, h := range wm.partHeads {
				if h.ID == "" {
					t.Errorf("%s: no head read for part %d", f, i)
				}
			}
			agreeWireMessage(t, e)
		}
	}
}

// capturedLists are the messages of every captured message list, by file.
func capturedLists(t *testing.T) map[string][]json.RawMessage {
	t.Helper()
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "*.rest.messages*.json"))
	if len(files) == 0 {
		t.Fatal("no captured message lists")
	}
	lists := map[string][]json.RawMessage{}
	for _, f := range files {
		var elems []json.RawMessage
		if err := json.Unmarshal(readFixture(t, filepath.Base(f)), &elems); err != nil {
			t.Fatal(err)
		}
		lists[filepath.Base(f)] = elems
	}
	return lists
}

func TestSplitWireMessageLeavesOddShapesToEncodingJSON(t *testing.T) {
	for _, raw := range []string{
		`{"Info":{"id":"m"},"parts":[]}`, `{"info":{"id":"a"},"info":{"id":"b"}}`, `{"info":null,"parts":null}`,
		`{"info":{},"parts":{}}`, `{"parts":[1,"x",null, {"a":[]} ]}`, ` {"info":{"id":"m"}} `, `[1]`, `1`, `{"info":`,
	} {
		agreeWireMessage(t, []byte(raw))
	}
	if _, ok := fastWireMessage([]byte(`{"info":{"id":"a"},"info":{"id":"b"}}`)); ok {
		t.Error("fast path took a repeated member (encoding/json keeps the last)")
	}
}

func agreeWireMessage(t *testing.T, raw []byte) {
	t.Helper()
	got, err := SplitWireMessage(bytes.Clone(raw))
	var want WireMessage
	wantErr := json.Unmarshal(raw, &want)
	if (err != nil) != (wantErr != nil) {
		t.Fatalf("%q: err %v, encoding/json %v", raw, err, wantErr)
	}
	if err != nil {
		return
	}
	if !bytes.Equal(got.Info, want.Info) || len(got.Parts) != len(want.Parts) || (got.Parts == nil) != (want.Parts == nil) {
		t.Fatalf("%q:\ngot  %s %q\nwant %s %q", raw, got.Info, got.Parts, want.Info, want.Parts)
	}
	for i := range got.Parts {
		if !bytes.Equal(got.Parts[i], want.Parts[i]) {
			t.Fatalf("%q: part %d %s, want %s", raw, i, got.Parts[i], want.Parts[i])
		}
	}
	// The heads read on the way are those the head readers take from the
	// members themselves.
	if !reflect.DeepEqual(got.infoHead, messageHead{}) {
		if want, ok := fastMessageHead(got.Info); !ok || !reflect.DeepEqual(got.infoHead, want) {
			t.Fatalf("%q: info head %+v, the head reader gives %+v (%v)", raw, got.infoHead, want, ok)
		}
	}
	for i, h := range got.partHeads {
		if reflect.DeepEqual(h, partHead{}) {
			continue
		}
		if want, ok := fastPartHead(got.Parts[i]); !ok || !reflect.DeepEqual(h, want) {
			t.Fatalf("%q: part %d head %+v, the head reader gives %+v (%v)", raw, i, h, want, ok)
		}
	}
	// The merger takes members said to be compact as they are.
	if got.compact {
		for _, m := range append([]json.RawMessage{got.Info}, got.Parts...) {
			if hasLayout(m) {
				t.Fatalf("%q: said compact, but %s has whitespace outside strings", raw, m)
			}
		}
	}
}

func TestSplitWireMessageSaysWhenCompact(t *testing.T) {
	for raw, want := range map[string]bool{
		`{"info":{"id":"m","t":"a b"},"parts":[{"id":"p","x":[1,2]}]}`: true,
		`{"info":{"id":"m"},"parts":[{"id":"p","x":[1, 2]}]}`:          false,
		`{"info": {"id":"m"},"parts":[]}`:                              false,
		"{\"info\":{\"id\":\"m\"},\"parts\":[{\"id\":\"p\"}\n]}":       false,
	} {
		wm, err := SplitWireMessage([]byte(raw))
		if err != nil || wm.compact != want {
			t.Errorf("%s: compact %v (err %v), want %v", raw, wm.compact, err, want)
		}
	}
}

func FuzzSplitWireMessageAgrees(f *testing.F) {
	f.Add([]byte(`{"info":{"id":"m","role":"user"},"parts":[{"id":"p","text":"a\u00e9"}]}`))
	f.Add([]byte(`{"parts":[],"info":{"x":[1,2,{"y":null}]},"other":true}`))
	for _, shape := range listedShapes {
		f.Add([]byte(shape))
	}
	f.Fuzz(func(t *testing.T, raw []byte) {
		agreeWireMessage(t, raw)
		agreeListed(t, raw)
	})
}
