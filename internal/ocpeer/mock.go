package ocpeer

import (
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"regexp"
	"strings"
	"sync"
	"time"
)

// ScriptFunc decides the answer to the n-th request (1-based) carrying a tag
// of its scenario. Title-generation requests never reach a script. It runs
// on the request's goroutine, possibly concurrently with other requests.
type ScriptFunc func(req Request, n int) Response

// Request is one recorded chat-completion request.
type Request struct {
	Time     time.Time
	Tag      string // full tag after "SCN:", "" when the conversation has none
	Scenario string // Tag up to its first ".", which selects the script
	N        int    // per-tag counter (title requests are counted apart)
	Title    bool   // OpenCode asking for a session title
	Stream   bool
	Model    string
	Messages []ChatMessage
	Tools    []string // names of the tools offered to the model
	Body     json.RawMessage
}

// ChatMessage is a conversation entry with its text content flattened.
type ChatMessage struct {
	Role       string
	Text       string
	ToolCallID string
}

// AfterToolResult reports whether the conversation ends with tool results,
// i.e. the model is asked to continue after running tools.
func (r Request) AfterToolResult() bool {
	return len(r.Messages) > 0 && r.Messages[len(r.Messages)-1].Role == "tool"
}

// Mock is an OpenAI-compatible chat-completion server on 127.0.0.1.
//
// The behaviour is chosen by a tag "SCN:<tag>" in the user text (the last one
// wins). The script is looked up by the tag's scenario name, the part before
// the first "."; the request counter is kept per full tag, so "SCN:error.a"
// and "SCN:error.b" run the same script with independent counters.
// Conversations without a tag get the plain answer; an unknown scenario gets
// a non-retryable 400.
type Mock struct {
	cfg MockConfig
	ln  net.Listener
	srv *http.Server

	mu       sync.Mutex
	scripts  map[string]ScriptFunc
	counts   map[string]int
	requests []Request
}

// NewMock starts a mock with the built-in scenarios (see MockConfig).
func NewMock(cfg MockConfig) (*Mock, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("ocpeer: mock listen: %w", err)
	}
	m := &Mock{cfg: cfg.withDefaults(), ln: ln, scripts: map[string]ScriptFunc{}, counts: map[string]int{}}
	m.installDefaults()
	mux := http.NewServeMux()
	mux.HandleFunc("GET /v1/models", m.models)
	mux.HandleFunc("POST /v1/chat/completions", m.complete)
	m.srv = &http.Server{Handler: mux, ReadHeaderTimeout: 10 * time.Second}
	go func() { _ = m.srv.Serve(ln) }()
	return m, nil
}

// BaseURL is the provider base URL to configure, ending in /v1.
func (m *Mock) BaseURL() string { return "http://" + m.ln.Addr().String() + "/v1" }

// Close stops the mock and cuts streams in progress.
func (m *Mock) Close() error {
	if err := m.srv.Close(); err != nil && !errors.Is(err, net.ErrClosed) {
		return err
	}
	return nil
}

// Script sets (or replaces) the behaviour of a scenario.
func (m *Mock) Script(scenario string, fn ScriptFunc) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.scripts[scenario] = fn
}

// Requests returns every request received so far, oldest first.
func (m *Mock) Requests() []Request {
	m.mu.Lock()
	defer m.mu.Unlock()
	return append([]Request(nil), m.requests...)
}

// RequestsFor returns the requests carrying tag, title requests included.
func (m *Mock) RequestsFor(tag string) []Request {
	var out []Request
	for _, r := range m.Requests() {
		if r.Tag == tag {
			out = append(out, r)
		}
	}
	return out
}

func (m *Mock) models(w http.ResponseWriter, _ *http.Request) {
	w.Header().Set("Content-Type", "application/json")
	_, _ = io.WriteString(w, `{"object":"list","data":[{"id":"`+mockModelID+`","object":"model"}]}`)
}

func (m *Mock) complete(w http.ResponseWriter, hr *http.Request) {
	body, err := io.ReadAll(io.LimitReader(hr.Body, 64<<20))
	if err != nil {
		http.Error(w, "read body: "+err.Error(), http.StatusBadRequest)
		return
	}
	req, err := parseRequest(body)
	if err != nil {
		writeError(w, Response{Status: http.StatusBadRequest, Error: "mock: " + err.Error()})
		return
	}
	resp := m.answer(&req)
	for k, vs := range resp.Header {
		w.Header()[k] = vs
	}
	if resp.Status != 0 && resp.Status/100 != 2 {
		writeError(w, resp)
		return
	}
	if req.Stream {
		_ = writeStream(hr.Context(), w, resp) // an error means the client went away
		return
	}
	if err := writeJSON(w, resp); err != nil {
		http.Error(w, err.Error(), http.StatusInternalServerError)
	}
}

// answer records req (filling in its counter) and picks the response.
func (m *Mock) answer(req *Request) Response {
	key := req.Tag
	if req.Title {
		key = "title:" + key
	}
	m.mu.Lock()
	m.counts[key]++
	req.N = m.counts[key]
	m.requests = append(m.requests, *req)
	fn := m.scripts[req.Scenario]
	m.mu.Unlock()

	switch {
	case req.Title:
		title := "Mock title"
		if req.Tag != "" {
			title += " for " + req.Tag
		}
		return Response{Chunks: Words(title, 0), Usage: &Usage{Prompt: 5, Completion: 4}}
	case req.Tag == "":
		return Text(PlainText, m.cfg.WordDelay)
	case fn == nil:
		return Response{Status: http.StatusBadRequest, Error: "mock: unknown scenario " + req.Scenario}
	}
	return fn(*req, req.N)
}

var tagPattern = regexp.MustCompile(`SCN:([A-Za-z0-9_.-]+)`)

func parseRequest(body []byte) (Request, error) {
	var wire struct {
		Model    string `json:"model"`
		Stream   bool   `json:"stream"`
		Messages []struct {
			Role       string          `json:"role"`
			Content    json.RawMessage `json:"content"`
			ToolCallID string          `json:"tool_call_id"`
		} `json:"messages"`
		Tools []struct {
			Function struct {
				Name string `json:"name"`
			} `json:"function"`
		} `json:"tools"`
	}
	if err := json.Unmarshal(body, &wire); err != nil {
		return Request{}, fmt.Errorf("decode request: %w", err)
	}
	req := Request{Time: time.Now(), Model: wire.Model, Stream: wire.Stream, Body: body}
	var system, user []string
	for _, msg := range wire.Messages {
		text := flattenContent(msg.Content)
		req.Messages = append(req.Messages, ChatMessage{Role: msg.Role, Text: text, ToolCallID: msg.ToolCallID})
		switch msg.Role {
		case "system":
			system = append(system, text)
		case "user":
			user = append(user, text)
		}
	}
	for _, tool := range wire.Tools {
		req.Tools = append(req.Tools, tool.Function.Name)
	}
	if tags := tagPattern.FindAllStringSubmatch(strings.Join(user, "\n"), -1); len(tags) > 0 {
		req.Tag = tags[len(tags)-1][1]
		req.Scenario, _, _ = strings.Cut(req.Tag, ".")
	}
	// OpenCode's title agent has a system prompt about generating a title.
	sys := strings.ToLower(strings.Join(system, "\n"))
	req.Title = strings.Contains(sys, "title") && strings.Contains(sys, "generat")
	return req, nil
}

// flattenContent joins the text of a string or content-part-array message.
func flattenContent(raw json.RawMessage) string {
	var s string
	if json.Unmarshal(raw, &s) == nil {
		return s
	}
	var parts []struct {
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &parts) != nil {
		return ""
	}
	texts := make([]string, 0, len(parts))
	for _, p := range parts {
		texts = append(texts, p.Text)
	}
	return strings.Join(texts, " ")
}
