package ocpeer

import (
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"strings"
	"time"
)

// Wire shapes of the OpenAI chat-completion API, as far as the mock needs them.
type (
	wireChunk struct {
		ID      string       `json:"id"`
		Object  string       `json:"object"`
		Created int64        `json:"created"`
		Model   string       `json:"model"`
		Choices []wireChoice `json:"choices"`
		Usage   *wireUsage   `json:"usage,omitempty"`
	}
	wireChoice struct {
		Index        int           `json:"index"`
		Delta        *wireDelta    `json:"delta,omitempty"`
		Message      *wireResponse `json:"message,omitempty"`
		FinishReason *string       `json:"finish_reason"`
	}
	wireDelta struct {
		Role             string         `json:"role,omitempty"`
		Content          string         `json:"content,omitempty"`
		ReasoningContent string         `json:"reasoning_content,omitempty"`
		ToolCalls        []wireToolCall `json:"tool_calls,omitempty"`
	}
	wireResponse struct {
		Role             string         `json:"role"`
		Content          string         `json:"content"`
		ReasoningContent string         `json:"reasoning_content,omitempty"`
		ToolCalls        []wireToolCall `json:"tool_calls,omitempty"`
	}
	wireToolCall struct {
		Index    int          `json:"index"`
		ID       string       `json:"id,omitempty"`
		Type     string       `json:"type,omitempty"`
		Function wireFunction `json:"function"`
	}
	wireFunction struct {
		Name      string `json:"name,omitempty"`
		Arguments string `json:"arguments"`
	}
	wireUsage struct {
		PromptTokens     int               `json:"prompt_tokens"`
		CompletionTokens int               `json:"completion_tokens"`
		TotalTokens      int               `json:"total_tokens"`
		Details          *wireUsageDetails `json:"completion_tokens_details,omitempty"`
	}
	wireUsageDetails struct {
		ReasoningTokens int `json:"reasoning_tokens"`
	}
)

const (
	mockModelID = "mock-model"
	// argPiece is how many bytes of tool arguments go into one delta; the
	// fixtures were captured with 12, which exercises argument reassembly.
	argPiece = 12
)

func (u Usage) wire() *wireUsage {
	w := &wireUsage{PromptTokens: u.Prompt, CompletionTokens: u.Completion, TotalTokens: u.Prompt + u.Completion}
	if u.Reasoning > 0 {
		w.Details = &wireUsageDetails{ReasoningTokens: u.Reasoning}
	}
	return w
}

func writeError(w http.ResponseWriter, r Response) {
	body, _ := json.Marshal(map[string]any{"error": map[string]any{
		"message": r.Error, "type": "mock_error", "code": r.Status,
	}})
	w.Header().Set("Content-Type", "application/json")
	w.WriteHeader(r.Status)
	_, _ = w.Write(body)
}

// writeJSON answers a non-streamed request with the whole response at once.
func writeJSON(w http.ResponseWriter, r Response) error {
	msg := &wireResponse{Role: "assistant"}
	var content, reasoning strings.Builder
	for _, c := range r.Chunks {
		content.WriteString(c.Content)
		reasoning.WriteString(c.Reasoning)
		if c.Tool != nil {
			args, err := json.Marshal(c.Tool.Args)
			if err != nil {
				return fmt.Errorf("encode arguments of %s: %w", c.Tool.Name, err)
			}
			msg.ToolCalls = append(msg.ToolCalls, wireToolCall{
				Index: len(msg.ToolCalls), ID: c.Tool.ID, Type: "function",
				Function: wireFunction{Name: c.Tool.Name, Arguments: string(args)},
			})
		}
	}
	msg.Content, msg.ReasoningContent = content.String(), reasoning.String()
	finish := r.finishReason()
	body, err := json.Marshal(wireChunk{
		ID: "chatcmpl-mock", Object: "chat.completion", Created: time.Now().Unix(), Model: mockModelID,
		Choices: []wireChoice{{Message: msg, FinishReason: &finish}}, Usage: r.usage().wire(),
	})
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", "application/json")
	_, err = w.Write(body)
	return err
}

// streamer writes chat.completion.chunk frames as server-sent events.
type streamer struct {
	ctx   context.Context
	w     http.ResponseWriter
	flush http.Flusher
	role  bool // the first delta carries role "assistant"
	tools int
}

// writeStream streams r; it stops early (returning the context error) when
// the client disconnects.
func writeStream(ctx context.Context, w http.ResponseWriter, r Response) error {
	flusher, ok := w.(http.Flusher)
	if !ok {
		return fmt.Errorf("response writer cannot flush")
	}
	w.Header().Set("Content-Type", "text/event-stream")
	w.Header().Set("Cache-Control", "no-cache")
	w.WriteHeader(http.StatusOK)
	s := &streamer{ctx: ctx, w: w, flush: flusher}
	for _, c := range r.Chunks {
		if err := s.chunk(c); err != nil {
			return err
		}
		if err := s.sleep(c.Delay); err != nil {
			return err
		}
	}
	finish := r.finishReason()
	if err := s.send(&wireDelta{}, &finish, r.usage().wire()); err != nil {
		return err
	}
	return s.raw("data: [DONE]\n\n")
}

func (s *streamer) chunk(c Chunk) error {
	if c.Content != "" || c.Reasoning != "" {
		if err := s.send(&wireDelta{Content: c.Content, ReasoningContent: c.Reasoning}, nil, nil); err != nil {
			return err
		}
	}
	if c.Tool == nil {
		return nil
	}
	args, err := json.Marshal(c.Tool.Args)
	if err != nil {
		return fmt.Errorf("encode arguments of %s: %w", c.Tool.Name, err)
	}
	idx := s.tools
	s.tools++
	head := wireToolCall{Index: idx, ID: c.Tool.ID, Type: "function", Function: wireFunction{Name: c.Tool.Name}}
	if err := s.send(&wireDelta{ToolCalls: []wireToolCall{head}}, nil, nil); err != nil {
		return err
	}
	for a := string(args); a != ""; {
		n := min(argPiece, len(a))
		piece := wireToolCall{Index: idx, Function: wireFunction{Arguments: a[:n]}}
		if err := s.send(&wireDelta{ToolCalls: []wireToolCall{piece}}, nil, nil); err != nil {
			return err
		}
		a = a[n:]
	}
	return nil
}

func (s *streamer) send(d *wireDelta, finish *string, usage *wireUsage) error {
	if !s.role {
		d.Role, s.role = "assistant", true
	}
	body, err := json.Marshal(wireChunk{
		ID: "chatcmpl-mock", Object: "chat.completion.chunk", Created: time.Now().Unix(), Model: mockModelID,
		Choices: []wireChoice{{Delta: d, FinishReason: finish}}, Usage: usage,
	})
	if err != nil {
		return err
	}
	return s.raw("data: " + string(body) + "\n\n")
}

func (s *streamer) raw(frame string) error {
	if _, err := s.w.Write([]byte(frame)); err != nil {
		return err
	}
	s.flush.Flush()
	return s.ctx.Err()
}

func (s *streamer) sleep(d time.Duration) error {
	if d <= 0 {
		return s.ctx.Err()
	}
	tm := time.NewTimer(d)
	defer tm.Stop()
	select {
	case <-tm.C:
		return nil
	case <-s.ctx.Done():
		return s.ctx.Err()
	}
}
