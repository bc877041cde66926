package ocpeer

import (
	"bufio"
	"context"
	"encoding/json"
	"flag"
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"
)

// record re-records the session `dstail demo` plays:
//
//	go test ./internal/ocpeer -run TestRecordDemo -record
var record = flag.Bool("record", false, "re-record demo/testdata from a real OpenCode session")

// The demo turn: reasoning, a lead-in, two tool calls (the bash one runs
// for a second, long enough to drop the connection in), then a
// multi-paragraph markdown answer.
const (
	demoScenario  = "demo"
	demoPrompt    = "How does dstail keep a session exact when the connection drops?"
	demoTitle     = "Keeping a session exact"
	demoReasoning = "The user asks how dstail survives a dropped connection. I will read the notes in the project, count their lines, and then answer in a few short paragraphs with a list."
	demoLead      = "Let me read the project notes first."
	demoNotes     = "# Notes\n\n- follow the event stream\n- catch up from the server\n- apply every event once\n"
	demoAnswer    = "## How dstail keeps a session exact\n\n" +
		"dstail opens the event stream **first** and buffers it, then catches up from the server: `POST /sync/history` from the last seq, or the REST state. Only then does it drain the buffer, so nothing that happened in between is lost.\n\n" +
		"When the connection drops, as it just did while the command ran, dstail:\n\n" +
		"- reconnects with backoff and full jitter,\n- reads what it missed from the server,\n- and applies every event once, by its id.\n\n" +
		"Text that streamed while it was away is marked incomplete until the part ends; the final copy fills the gap. The notes file has 5 lines, so this project is small.\n\n" +
		"Press `q` to quit, or point dstail at your own OpenCode: `dstail ses_… --server http://127.0.0.1:4096`."
	demoDir  = "/home/demo/project"
	demoHome = "/home/demo"
)

func demoScript(delay time.Duration) ScriptFunc {
	return func(req Request, _ int) Response {
		if req.AfterToolResult() {
			return Response{Chunks: Words(demoAnswer, delay), Usage: &Usage{Prompt: 1480, Completion: 190}}
		}
		chunks := append(ReasoningWords(demoReasoning, delay), Words(demoLead, delay)...)
		chunks = append(chunks,
			Chunk{Tool: &ToolCall{ID: "call_read_notes", Name: "read", Args: map[string]string{"filePath": "notes.md"}}, Delay: delay},
			Chunk{Tool: &ToolCall{ID: "call_count", Name: "bash", Args: map[string]string{
				"command": "sleep 1 && wc -l < notes.md", "description": "Count the lines of the notes",
			}}, Delay: delay},
		)
		return Response{Chunks: chunks, Usage: &Usage{Prompt: 1210, Completion: 96, Reasoning: 38}}
	}
}

// rawFrame is one /global/event data line and when it arrived.
type rawFrame struct {
	at   time.Time
	data []byte
}

// frameLog collects the frames of one event stream.
type frameLog struct {
	mu     sync.Mutex
	frames []rawFrame
}

func (l *frameLog) count() int {
	l.mu.Lock()
	defer l.mu.Unlock()
	return len(l.frames)
}

func (l *frameLog) all() []rawFrame {
	l.mu.Lock()
	defer l.mu.Unlock()
	return append([]rawFrame(nil), l.frames...)
}

func recordFrames(t *testing.T, s *Server) *frameLog {
	t.Helper()
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(cancel)
	req, err := s.NewRequest(ctx, http.MethodGet, "/global/event", nil)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := (&http.Client{Transport: &http.Transport{Proxy: nil, ResponseHeaderTimeout: 5 * time.Second}}).Do(req)
	if err != nil || resp.StatusCode != http.StatusOK {
		t.Fatalf("subscribe /global/event: %v %v", err, resp)
	}
	l := &frameLog{}
	go func() {
		defer resp.Body.Close()
		sc := bufio.NewScanner(resp.Body)
		sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
		for sc.Scan() {
			if data, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
				l.mu.Lock()
				l.frames = append(l.frames, rawFrame{at: time.Now(), data: []byte(data)})
				l.mu.Unlock()
			}
		}
	}()
	return l
}

// checkpoint is a GET /session/ID/message answer taken mid-turn, with the
// frames received before the request and shortly after the answer.
type checkpoint struct {
	from, to int
	body     json.RawMessage
}

func TestRecordDemo(t *testing.T) {
	if !*record {
		t.Skip("re-records demo/testdata; run with -record")
	}
	s := Start(t, WithMockConfig(MockConfig{WordDelay: 40 * time.Millisecond}))
	s.Mock.Script(demoScenario, demoScript(40*time.Millisecond))
	s.Warmup(t, "")
	if err := os.WriteFile(filepath.Join(s.Dir(), "notes.md"), []byte(demoNotes), 0o644); err != nil {
		t.Fatal(err)
	}
	frames := recordFrames(t, s)
	time.Sleep(500 * time.Millisecond) // the subscription is live shortly after server.connected
	id := s.CreateSession(t, "")
	s.Prompt(t, id, Tag(demoScenario)+" "+demoPrompt)

	var checkpoints []checkpoint
	turnDone := make(chan struct{})
	go func() { s.WaitIdle(t, id, 2*time.Minute); close(turnDone) }()
	for waiting := true; waiting; {
		select {
		case <-turnDone:
			waiting = false
		case <-time.After(700 * time.Millisecond):
			from := frames.count()
			body := s.Messages(t, id)
			time.Sleep(300 * time.Millisecond)
			checkpoints = append(checkpoints, checkpoint{from: from, to: frames.count(), body: body})
		}
	}
	time.Sleep(2 * time.Second) // trailing session updates and diffs
	rest := finalREST(t, s, id)
	writeDemo(t, s, id, frames.all(), checkpoints, rest)
}

// finalREST is what the server answers once the turn is over.
func finalREST(t *testing.T, s *Server, id string) map[string]json.RawMessage {
	t.Helper()
	dir := s.Dir()
	get := func(path string) json.RawMessage { return s.expect(t, http.MethodGet, path, nil) }
	return map[string]json.RawMessage{
		"session":    get("/session/" + id),
		"messages":   s.Messages(t, id),
		"status":     get(InDir("/session/status", dir)),
		"permission": get(InDir("/permission", dir)),
		"question":   get(InDir("/question", dir)),
		"history":    s.expect(t, http.MethodPost, InDir("/sync/history", dir), map[string]int64{}),
	}
}
