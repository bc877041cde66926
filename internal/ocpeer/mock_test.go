package ocpeer

import (
	"bufio"
	"bytes"
	"encoding/json"
	"io"
	"net/http"
	"slices"
	"strings"
	"sync"
	"testing"
)

func newTestMock(t *testing.T, cfg MockConfig) *Mock {
	t.Helper()
	m, err := NewMock(cfg)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if err := m.Close(); err != nil {
			t.Error(err)
		}
	})
	return m
}

// chatBody is a request as OpenCode sends it, reduced to what the mock reads.
func chatBody(stream bool, system string, msgs ...map[string]any) map[string]any {
	all := []map[string]any{{"role": "system", "content": system}}
	return map[string]any{"model": ModelID, "stream": stream, "messages": append(all, msgs...),
		"tools": []map[string]any{{"type": "function", "function": map[string]string{"name": "read"}}}}
}

func user(text string) map[string]any {
	return map[string]any{"role": "user", "content": []map[string]string{{"type": "text", "text": text}}}
}

func post(t *testing.T, m *Mock, body map[string]any) *http.Response {
	t.Helper()
	data, err := json.Marshal(body)
	if err != nil {
		t.Fatal(err)
	}
	resp, err := http.Post(m.BaseURL()+"/chat/completions", "application/json", bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { resp.Body.Close() })
	return resp
}

// streamed is a decoded chat-completion stream.
type streamed struct {
	content, reasoning string
	calls              map[int]*wireToolCall
	finish             string
	usage              *wireUsage
	firstRole          string
	done               bool
}

func readStream(t *testing.T, resp *http.Response) streamed {
	t.Helper()
	if resp.StatusCode != http.StatusOK || resp.Header.Get("Content-Type") != "text/event-stream" {
		body, _ := io.ReadAll(resp.Body)
		t.Fatalf("status %d %s: %s", resp.StatusCode, resp.Header.Get("Content-Type"), body)
	}
	out := streamed{calls: map[int]*wireToolCall{}}
	sc := bufio.NewScanner(resp.Body)
	for sc.Scan() {
		data, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		if data == "[DONE]" {
			out.done = true
			continue
		}
		var c wireChunk
		if err := json.Unmarshal([]byte(data), &c); err != nil {
			t.Fatalf("bad chunk %s: %v", data, err)
		}
		d := c.Choices[0].Delta
		if out.firstRole == "" {
			out.firstRole = d.Role
		}
		out.content += d.Content
		out.reasoning += d.ReasoningContent
		for _, tc := range d.ToolCalls {
			call := out.calls[tc.Index]
			if call == nil {
				call = &wireToolCall{ID: tc.ID, Function: wireFunction{Name: tc.Function.Name}}
				out.calls[tc.Index] = call
			}
			call.Function.Arguments += tc.Function.Arguments
		}
		if f := c.Choices[0].FinishReason; f != nil {
			out.finish, out.usage = *f, c.Usage
		}
	}
	return out
}

func TestMockStreamsScenarioText(t *testing.T) {
	m := newTestMock(t, MockConfig{WordDelay: -1})
	tests := []struct {
		name, prompt, content, reasoning string
	}{
		{"plain", Tag(ScnPlain) + " hi", PlainText, ""},
		{"no tag answers plain", "hello", PlainText, ""},
		{"last tag wins", Tag(ScnTool) + " then " + Tag(ScnReasoning), ReasonedText, ReasoningText},
		{"big", Tag(ScnBig), BigText(5000), ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			got := readStream(t, post(t, m, chatBody(true, "You are a coding agent.", user(tc.prompt))))
			if got.content != tc.content || got.reasoning != tc.reasoning {
				t.Errorf("content %q reasoning %q, want %q / %q", got.content, got.reasoning, tc.content, tc.reasoning)
			}
			if got.firstRole != "assistant" || got.finish != "stop" || !got.done || got.usage == nil {
				t.Errorf("role %q finish %q done %v usage %v", got.firstRole, got.finish, got.done, got.usage)
			}
		})
	}
}

func TestMockToolCallsThenText(t *testing.T) {
	m := newTestMock(t, MockConfig{WordDelay: -1})
	got := readStream(t, post(t, m, chatBody(true, "agent", user(Tag(ScnTool)))))
	if got.finish != "tool_calls" || got.content != ToolLeadText || len(got.calls) != 3 {
		t.Fatalf("finish %q content %q calls %d", got.finish, got.content, len(got.calls))
	}
	var args map[string]string
	if err := json.Unmarshal([]byte(got.calls[1].Function.Arguments), &args); err != nil {
		t.Fatalf("arguments do not reassemble: %v", err)
	}
	if got.calls[1].ID != "call_read_missing" || got.calls[1].Function.Name != "read" || args["filePath"] != "does-not-exist.txt" {
		t.Errorf("second call = %+v %v", got.calls[1], args)
	}
	toolResult := map[string]any{"role": "tool", "tool_call_id": "call_bash", "content": "hello-from-tool"}
	again := readStream(t, post(t, m, chatBody(true, "agent", user(Tag(ScnTool)), toolResult)))
	if again.content != ToolSummaryText || again.finish != "stop" {
		t.Errorf("after tool results: %q finish %q", again.content, again.finish)
	}
}

func TestMockFailureSequences(t *testing.T) {
	m := newTestMock(t, MockConfig{WordDelay: -1, ErrorFailures: 2, ErrorStatus: http.StatusTooManyRequests})
	tests := []struct {
		tag        string
		statuses   []int
		retryAfter []string
	}{
		{ScnError + ".a", []int{429, 429, 200, 200}, []string{"1", "1", "", ""}},
		{ScnError + ".b", []int{429, 429, 200}, []string{"1", "1", ""}}, // own counter
		{ScnFail, []int{429, 500, 400, 400}, []string{"1", "1", "", ""}},
		{"nosuch", []int{400}, []string{""}},
	}
	for _, tc := range tests {
		t.Run(tc.tag, func(t *testing.T) {
			for i, want := range tc.statuses {
				resp := post(t, m, chatBody(true, "agent", user(Tag(tc.tag))))
				if resp.StatusCode != want || resp.Header.Get("Retry-After") != tc.retryAfter[i] {
					t.Errorf("request %d: status %d retry-after %q, want %d %q",
						i+1, resp.StatusCode, resp.Header.Get("Retry-After"), want, tc.retryAfter[i])
				}
				if want != http.StatusOK {
					var e struct {
						Error struct{ Message string } `json:"error"`
					}
					if err := json.NewDecoder(resp.Body).Decode(&e); err != nil || e.Error.Message == "" {
						t.Errorf("request %d: error body without message (%v)", i+1, err)
					}
				}
			}
		})
	}
}

func TestMockTitleRequestsAnswerJSONAndKeepOwnCounter(t *testing.T) {
	m := newTestMock(t, MockConfig{WordDelay: -1})
	const system = "You are a title generator. Generate a short title for the conversation."
	resp := post(t, m, chatBody(false, system, user(Tag(ScnError)+" hi")))
	var answer struct {
		Object  string `json:"object"`
		Choices []struct {
			Message      wireResponse `json:"message"`
			FinishReason string       `json:"finish_reason"`
		} `json:"choices"`
	}
	if err := json.NewDecoder(resp.Body).Decode(&answer); err != nil {
		t.Fatal(err)
	}
	if answer.Object != "chat.completion" || answer.Choices[0].Message.Content != "Mock title for error" {
		t.Errorf("title answer = %+v", answer)
	}
	// The title request must not use up the error scenario's failure.
	if resp := post(t, m, chatBody(true, "agent", user(Tag(ScnError)))); resp.StatusCode != http.StatusInternalServerError {
		t.Errorf("first real request: status %d, want 500", resp.StatusCode)
	}
	reqs := m.RequestsFor(ScnError)
	if len(reqs) != 2 || !reqs[0].Title || reqs[0].N != 1 || reqs[1].Title || reqs[1].N != 1 {
		t.Errorf("recorded = %+v", reqs)
	}
}

func TestMockCustomScript(t *testing.T) {
	m := newTestMock(t, MockConfig{})
	var (
		mu   sync.Mutex
		seen []Request
	)
	m.Script("custom", func(req Request, n int) Response {
		mu.Lock()
		defer mu.Unlock()
		seen = append(seen, req)
		return Response{Chunks: []Chunk{{Content: strings.Repeat("x", n)}}, Finish: "length", Usage: &Usage{Prompt: 1, Completion: n}}
	})
	for want := 1; want <= 2; want++ {
		got := readStream(t, post(t, m, chatBody(true, "agent", user(Tag("custom.1")+" go"))))
		if got.content != strings.Repeat("x", want) || got.finish != "length" || got.usage.TotalTokens != 1+want {
			t.Errorf("request %d: %+v", want, got)
		}
	}
	mu.Lock()
	defer mu.Unlock()
	if len(seen) != 2 || seen[0].Scenario != "custom" || seen[0].Tag != "custom.1" || !slices.Equal(seen[0].Tools, []string{"read"}) {
		t.Errorf("script saw %+v", seen)
	}
	if last := seen[1].Messages[len(seen[1].Messages)-1]; last.Role != "user" || last.Text != Tag("custom.1")+" go" {
		t.Errorf("flattened last message = %+v", last)
	}
}

func TestMockListsModel(t *testing.T) {
	m := newTestMock(t, MockConfig{})
	resp, err := http.Get(m.BaseURL() + "/models")
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	body, _ := io.ReadAll(resp.Body)
	if resp.StatusCode != http.StatusOK || !strings.Contains(string(body), `"id":"`+ModelID+`"`) {
		t.Errorf("models: %d %s", resp.StatusCode, body)
	}
}
