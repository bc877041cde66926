package reconcile

import (
	"encoding/json"
	"path/filepath"
	"testing"
)

// restItems returns every message info and part of the captured REST
// message lists.
func restItems(t testing.TB) (infos, parts []json.RawMessage) {
	t.Helper()
	files, err := filepath.Glob(filepath.Join(fixtureDir, "*.rest.messages*.json"))
	if err != nil || len(files) == 0 {
		t.Fatalf("no captured message lists (%v)", err)
	}
	for _, f := range files {
		list, err := DecodeMessages(readFixture(t, filepath.Base(f)))
		if err != nil {
			t.Fatal(err)
		}
		for _, wm := range list {
			infos = append(infos, wm.Info)
			parts = append(parts, wm.Parts...)
		}
	}
	return infos, parts
}

// Every captured part and message is read by the fast path (a fallback on
// the common case would cost the time it is there to save) and gives the
// head encoding/json gives.
func TestFastHeadsReadEveryCapturedItem(t *testing.T) {
	infos, parts := restItems(t)
	for _, raw := range parts {
		if _, ok := fastPartHead(raw); !ok {
			t.Errorf("fast path refused a captured part: %.200s", raw)
		}
		agreePartHead(t, raw)
	}
	for _, raw := range infos {
		if _, ok := fastMessageHead(raw); !ok {
			t.Errorf("fast path refused a captured message: %.200s", raw)
		}
		agreeMessageHead(t, raw)
	}
}

// What the fast path cannot judge as encoding/json would, it refuses.
func TestFastHeadsRefuseWhatEncodingJSONJudgesDifferently(t *testing.T) {
	for _, raw := range []string{
		`{"ID":"p","messageID":"m"}`,                           // another case: encoding/json takes it
		`{"id":"p","id":"q","messageID":"m"}`,                  // repeated: the last wins there
		`{"id":null,"messageID":"m"}`,                          // null leaves the field as it was
		`{"id":1,"messageID":"m"}`,                             // a type error there
		`{"id":"p","messageID":"m","time":null}`,               // null object
		"{\"id\":\"p\",\"messageID\":\"m\",\"text\":\"\xff\"}", // invalid UTF-8 becomes U+FFFD
		`{"\u0069d":"p","messageID":"m"}`,                      // escaped key
		`{"id":"p","messageID":"m","state":{"Status":"x"}}`,
		`{"id":"p","messageID":"m"} x`,
	} {
		if _, ok := fastPartHead([]byte(raw)); ok {
			t.Errorf("fast path took %s", raw)
		}
		agreePartHead(t, []byte(raw))
	}
}

func agreePartHead(t *testing.T, raw []byte) {
	t.Helper()
	fast, ok := fastPartHead(raw)
	if !ok {
		return
	}
	var want struct {
		partHead
		Text string `json:"text"`
	}
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("fast path took what encoding/json refuses (%v): %q", err, raw)
	}
	if fast.ID != want.ID || fast.SessionID != want.SessionID || fast.MessageID != want.MessageID ||
		fast.Type != want.Type || fast.TextLen != len(want.Text) || fast.State != want.State ||
		isPresent(fast.Time.Start) != isPresent(want.Time.Start) || isPresent(fast.Time.End) != isPresent(want.Time.End) {
		t.Fatalf("part head of %q:\nfast %+v\nwant %+v", raw, fast, want)
	}
}

func agreeMessageHead(t *testing.T, raw []byte) {
	t.Helper()
	fast, ok := fastMessageHead(raw)
	if !ok {
		return
	}
	var want messageHead
	if err := json.Unmarshal(raw, &want); err != nil {
		t.Fatalf("fast path took what encoding/json refuses (%v): %q", err, raw)
	}
	if fast.ID != want.ID || fast.SessionID != want.SessionID || fast.Role != want.Role || fast.Finish != want.Finish ||
		isPresent(fast.Time.Completed) != isPresent(want.Time.Completed) ||
		isPresent(fast.Error) != isPresent(want.Error) || isPresent(fast.Summary) != isPresent(want.Summary) {
		t.Fatalf("message head of %q:\nfast %+v\nwant %+v", raw, fast, want)
	}
}

func FuzzFastHeadsAgree(f *testing.F) {
	infos, parts := restItems(f)
	for _, raw := range append(infos, parts...) {
		f.Add([]byte(raw))
	}
	f.Add([]byte(`{"id":"p","messageID":"m","time":{"start":1,"end":null},"state":{"status":"running","x":[1,{"y":"\u00e9"}]}}`))
	f.Add([]byte(`{"id":"m","role":"assistant","time":{"completed":2},"error":{"name":"E"},"summary":false}`))
	f.Fuzz(func(t *testing.T, raw []byte) {
		agreePartHead(t, raw)
		agreeMessageHead(t, raw)
	})
}
