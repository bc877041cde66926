package reconcile

import (
	"bytes"
	"encoding/json"
	"path/filepath"
	"testing"
)

// Every captured message list is split by the fast path, into what
// encoding/json reads.
func TestSplitWireMessageReadsCapturedLists(t *testing.T) {
	files, _ := filepath.Glob(filepath.Join(fixtureDir, "*.rest.messages*.json"))
	if len(files) == 0 {
		t.Fatal("no captured message lists")
	}
	for _, f := range files {
		var elems []json.RawMessage
		if err := json.Unmarshal(readFixture(t, filepath.Base(f)), &elems); err != nil {
			t.Fatal(err)
		}
		for _, e := range elems {
			if _, ok := fastWireMessage(e); !ok {
				t.Errorf("%s: fast path refused %.200s", f, e)
			}
			agreeWireMessage(t, e)
		}
	}
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
}

func FuzzSplitWireMessageAgrees(f *testing.F) {
	f.Add([]byte(`{"info":{"id":"m","role":"user"},"parts":[{"id":"p","text":"a\u00e9"}]}`))
	f.Add([]byte(`{"parts":[],"info":{"x":[1,2,{"y":null}]},"other":true}`))
	f.Fuzz(func(t *testing.T, raw []byte) { agreeWireMessage(t, raw) })
}
