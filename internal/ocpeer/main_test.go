package ocpeer

import (
	"encoding/json"
	"os"
	"sync"
	"testing"
	"time"
)

// One server is shared by the end-to-end tests that do not restart it or
// need special options; it starts on first use, so the mock's unit tests run
// without it.
var (
	sharedOnce sync.Once
	shared     *Server
	sharedErr  error
)

func TestMain(m *testing.M) {
	code := m.Run()
	if shared != nil {
		if err := shared.Close(); err != nil && code == 0 {
			os.Stderr.WriteString("ocpeer: close shared server: " + err.Error() + "\n")
			code = 1
		}
	}
	os.Exit(code)
}

func sharedServer(t *testing.T) *Server {
	t.Helper()
	sharedOnce.Do(func() {
		shared, sharedErr = Launch(WithMockConfig(MockConfig{WordDelay: 10 * time.Millisecond}))
		if sharedErr == nil {
			t.Logf("opencode start-up took %s", shared.StartupTime())
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("ocpeer: opencode log tail:\n%s", shared.LogTail(60))
		}
	})
	return shared
}

// Decoded shapes of GET /session/ID/message, as far as the tests look.
type message struct {
	Info struct {
		ID       string `json:"id"`
		Role     string `json:"role"`
		ParentID string `json:"parentID"`
		Finish   string `json:"finish"`
		Error    *struct {
			Name string          `json:"name"`
			Data json.RawMessage `json:"data"`
		} `json:"error"`
		Time struct {
			Completed int64 `json:"completed"`
		} `json:"time"`
	} `json:"info"`
	Parts []part `json:"parts"`
}

type part struct {
	Type  string `json:"type"`
	Text  string `json:"text"`
	Tool  string `json:"tool"`
	State struct {
		Status   string         `json:"status"`
		Metadata map[string]any `json:"metadata"`
	} `json:"state"`
}

func messages(t *testing.T, s *Server, id string) []message {
	t.Helper()
	var out []message
	if err := json.Unmarshal(s.Messages(t, id), &out); err != nil {
		t.Fatalf("decode messages: %v", err)
	}
	return out
}

func assistants(msgs []message) []message {
	var out []message
	for _, m := range msgs {
		if m.Info.Role == "assistant" {
			out = append(out, m)
		}
	}
	return out
}

// partsOf returns the parts of the given type across msgs.
func partsOf(msgs []message, typ string) []part {
	var out []part
	for _, m := range msgs {
		for _, p := range m.Parts {
			if p.Type == typ {
				out = append(out, p)
			}
		}
	}
	return out
}

func texts(ps []part) []string {
	out := make([]string, 0, len(ps))
	for _, p := range ps {
		out = append(out, p.Text)
	}
	return out
}
