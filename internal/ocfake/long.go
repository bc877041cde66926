package ocfake

import (
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"testing"
)

// Long serves one session of a given number of messages, generated from
// the tool-call capture (a user prompt, assistant steps with text, tool
// calls and step ends) with fresh ascending ids, and an event stream that
// says it is connected and then stays quiet. It is the long session a real
// OpenCode takes minutes to fill, for benchmarks of opening a session.
type Long struct {
	ID       string
	Session  []byte // GET /session/ID
	Messages []byte // GET /session/ID/message
	Count    int    // messages in Messages
	Calls
}

// NewLong builds a session of n messages.
func NewLong(t testing.TB, n int) *Long {
	t.Helper()
	session := ReadFixture(t, "c-tool.rest.session.json")
	var tmpl []map[string]any
	if err := json.Unmarshal(ReadFixture(t, "c-tool.rest.messages.json"), &tmpl); err != nil {
		t.Fatal(err)
	}
	var body bytes.Buffer
	body.WriteByte('[')
	for i := range n {
		msg, err := renumbered(tmpl[i%len(tmpl)], i)
		if err != nil {
			t.Fatal(err)
		}
		if i > 0 {
			body.WriteByte(',')
		}
		body.Write(msg)
	}
	body.WriteByte(']')
	return &Long{ID: SessionOf(t, session), Session: session, Messages: body.Bytes(), Count: n}
}

// renumbered is a deep copy of the template message tm with the ids of
// message i: ids ascend with i, as the server's do with creation.
func renumbered(tm map[string]any, i int) ([]byte, error) {
	data, err := json.Marshal(tm)
	if err != nil {
		return nil, err
	}
	var m struct {
		Info  map[string]any   `json:"info"`
		Parts []map[string]any `json:"parts"`
	}
	if err := json.Unmarshal(data, &m); err != nil {
		return nil, err
	}
	id := fmt.Sprintf("msg_%012d", i)
	m.Info["id"] = id
	if _, ok := m.Info["parentID"]; ok {
		m.Info["parentID"] = fmt.Sprintf("msg_%012d", max(i-1, 0))
	}
	for j, p := range m.Parts {
		p["id"] = fmt.Sprintf("prt_%012d_%03d", i, j)
		p["messageID"] = id
	}
	return json.Marshal(m)
}

func (l *Long) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	l.Record(r)
	w.Header().Set("Content-Type", "application/json")
	rest, isSession := strings.CutPrefix(r.URL.Path, "/session/"+l.ID)
	switch {
	case r.URL.Path == "/global/event":
		w.Header().Set("Content-Type", "text/event-stream")
		fmt.Fprintf(w, "data: %s\n\n", `{"payload":{"type":"server.connected","properties":{}}}`)
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	case r.URL.Path == "/session/status":
		w.Write([]byte("{}"))
	case r.URL.Path == "/permission", r.URL.Path == "/question":
		w.Write([]byte("[]"))
	case isSession && rest == "":
		w.Write(l.Session)
	case isSession && rest == "/message":
		w.Write(l.Messages)
	case isSession && rest == "/children":
		w.Write([]byte("[]"))
	default:
		http.NotFound(w, r)
	}
}
