package e2erelay

import (
	"encoding/json"
	"io"
	"net/http"
	"net/http/httptest"
	"net/http/httputil"
	"net/url"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// relayScenario reasons, calls a tool, then streams a long answer (about
// 3 s), so the relay can be killed mid-answer.
const relayScenario = "relay"

var answerText = ocpeer.SlowText(80)

func startOpenCode(t *testing.T) *ocpeer.Server {
	t.Helper()
	oc := ocpeer.Start(t, ocpeer.WithMockConfig(ocpeer.MockConfig{WordDelay: 10 * time.Millisecond}))
	oc.Mock.Script(relayScenario, func(req ocpeer.Request, _ int) ocpeer.Response {
		if req.AfterToolResult() {
			return ocpeer.Text(answerText, 35*time.Millisecond)
		}
		r := ocpeer.ToolCalls("", 10*time.Millisecond,
			ocpeer.ToolCall{ID: "call_read", Name: "read", Args: map[string]string{"filePath": "opencode.json"}})
		r.Chunks = append(ocpeer.ReasoningWords(ocpeer.ReasoningText, 10*time.Millisecond), r.Chunks...)
		return r
	})
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("opencode log tail:\n%s", oc.LogTail(40))
		}
	})
	return oc
}

// counter is a reverse proxy in front of OpenCode that counts requests by
// kind: event streams and everything else.
type counter struct {
	srv    *httptest.Server
	mu     sync.Mutex
	events int
	other  int
}

func newCounter(t *testing.T, target string) *counter {
	t.Helper()
	u, err := url.Parse(target)
	if err != nil {
		t.Fatal(err)
	}
	c := &counter{}
	rp := httputil.NewSingleHostReverseProxy(u)
	rp.FlushInterval = -1
	c.srv = httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		c.mu.Lock()
		if strings.HasSuffix(r.URL.Path, "/event") {
			c.events++
		} else {
			c.other++
		}
		c.mu.Unlock()
		rp.ServeHTTP(w, r)
	}))
	t.Cleanup(c.srv.Close)
	return c
}

func (c *counter) counts() (events, other int) {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.events, c.other
}

// record is one session record of a relayed stream.
type record struct {
	Session   string          `json:"session"`
	Seq       *int64          `json:"seq"`
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	Data      json.RawMessage `json:"data"`
	Synthetic bool            `json:"synthetic"`
}

func (l record) event() reconcile.Event {
	ev := reconcile.Event{Type: l.Type, Session: l.Session, ID: l.ID, Data: l.Data, Synthetic: l.Synthetic}
	if l.Seq != nil {
		ev.Sync, ev.Seq = true, *l.Seq
	}
	return ev
}

// streamRecords reads a whole JSON stream as the official clients do: one
// GET from the start, a JSON array of messages. nil when it is not there.
func streamRecords(t *testing.T, streamURL string) []json.RawMessage {
	t.Helper()
	resp, err := http.Get(streamURL + "?offset=-1")
	if err != nil {
		return nil
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK {
		return nil
	}
	var msgs []json.RawMessage
	if err := json.Unmarshal(body, &msgs); err != nil {
		t.Fatalf("stream %s is not a JSON array: %v", streamURL, err)
	}
	return msgs
}

// parseRecords decodes NDJSON (a viewer's --json) or stream messages.
func parseRecords(t *testing.T, raw [][]byte) []record {
	t.Helper()
	var out []record
	for _, line := range raw {
		if len(strings.TrimSpace(string(line))) == 0 {
			continue
		}
		var r record
		if err := json.Unmarshal(line, &r); err != nil || r.Type == "" {
			t.Fatalf("not a session record (%v): %.200s", err, line)
		}
		out = append(out, r)
	}
	return out
}

func lines(out string) [][]byte {
	var raw [][]byte
	for _, l := range strings.Split(out, "\n") {
		raw = append(raw, []byte(l))
	}
	return raw
}

func messages(raw []json.RawMessage) [][]byte {
	out := make([][]byte, len(raw))
	for i, m := range raw {
		out[i] = m
	}
	return out
}

// foldDiffs folds records into a model and compares its messages with the
// server's REST state; it returns the differences.
func foldDiffs(t *testing.T, oc *ocpeer.Server, id string, recs []record) []string {
	t.Helper()
	m := reconcile.New(id)
	for _, r := range recs {
		m.Apply(r.event())
	}
	want, err := reconcile.MessagesFromREST(oc.Messages(t, id))
	if err != nil {
		t.Fatalf("decode server messages: %v", err)
	}
	if len(want) == 0 {
		return []string{"the server stores no messages"}
	}
	return reconcile.CompareMessages(m.Messages(), want)
}

// assertStreamClean checks the stream itself: no record twice, and the
// event ids in ascending order.
func assertStreamClean(t *testing.T, recs []json.RawMessage) {
	t.Helper()
	seen := map[string]bool{}
	ids := map[string]bool{}
	last := ""
	for i, raw := range parseRecords(t, messages(recs)) {
		if key := string(recs[i]); seen[key] {
			t.Errorf("record %d is stored twice: %.200s", i, key)
		} else {
			seen[key] = true
		}
		if raw.ID == "" {
			continue
		}
		if ids[raw.ID] {
			t.Errorf("event %s is stored twice (record %d)", raw.ID, i)
		}
		ids[raw.ID] = true
		if raw.ID < last {
			t.Errorf("record %d: event id %s after %s", i, raw.ID, last)
		}
		last = raw.ID
	}
	if len(ids) == 0 {
		t.Error("no record carries an event id")
	}
}

// countType counts records of a type.
func countType(recs []json.RawMessage, typ string) int {
	n := 0
	for _, r := range recs {
		if strings.Contains(string(r), `"type":"`+typ+`"`) {
			n++
		}
	}
	return n
}
