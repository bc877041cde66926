package ocpeer

import (
	"net/http"
	"strconv"
	"strings"
	"time"
)

// Response is what the mock LLM answers to one chat-completion request. A
// non-2xx Status sends an OpenAI-style error body instead of Chunks.
type Response struct {
	Status int         // HTTP status; 0 means 200
	Header http.Header // extra response headers, e.g. Retry-After
	Error  string      // error message of a non-2xx answer
	Chunks []Chunk     // streamed in order (joined for a non-streamed request)
	Finish string      // finish_reason; "" means tool_calls if a chunk calls a tool, else stop
	Usage  *Usage      // nil means DefaultUsage
}

// Chunk is one streamed delta. Exactly one of Content, Reasoning and Tool is
// normally set; Delay is slept after sending it (cut short when the client
// goes away, e.g. on abort).
type Chunk struct {
	Content   string
	Reasoning string    // sent as reasoning_content
	Tool      *ToolCall // one whole call, streamed as a header plus argument pieces
	Delay     time.Duration
}

// ToolCall is a function call the model makes. Args is encoded as JSON.
type ToolCall struct {
	ID   string
	Name string
	Args any
}

// Usage is the token accounting reported with the final chunk.
type Usage struct {
	Prompt     int
	Completion int
	Reasoning  int // completion_tokens_details.reasoning_tokens, part of Completion
}

// DefaultUsage is reported when a Response sets no Usage (same as the
// script that produced the fixtures).
var DefaultUsage = Usage{Prompt: 120, Completion: 30}

// Words splits text at spaces into content chunks whose concatenation is
// exactly text, pausing delay after each.
func Words(text string, delay time.Duration) []Chunk {
	return splitWords(text, delay, func(w string) Chunk { return Chunk{Content: w} })
}

// ReasoningWords is Words for reasoning_content deltas.
func ReasoningWords(text string, delay time.Duration) []Chunk {
	return splitWords(text, delay, func(w string) Chunk { return Chunk{Reasoning: w} })
}

func splitWords(text string, delay time.Duration, mk func(string) Chunk) []Chunk {
	var out []Chunk
	for i, w := range strings.Split(text, " ") {
		if i > 0 {
			w = " " + w
		}
		c := mk(w)
		c.Delay = delay
		out = append(out, c)
	}
	return out
}

// Text is a streamed plain answer.
func Text(text string, delay time.Duration) Response {
	return Response{Chunks: Words(text, delay)}
}

// Failure answers with an HTTP error. A positive retryAfter is sent as a
// Retry-After header in whole seconds, which OpenCode honours for its next
// attempt (without it, it waits 2 s, 4 s, ...).
func Failure(status int, message string, retryAfter time.Duration) Response {
	r := Response{Status: status, Error: message}
	if retryAfter > 0 {
		secs := max(int(retryAfter.Round(time.Second)/time.Second), 1)
		r.Header = http.Header{"Retry-After": {strconv.Itoa(secs)}}
	}
	return r
}

// ToolCalls streams calls (after optional lead-in text) and finishes with
// tool_calls, so OpenCode runs the tools and asks again.
func ToolCalls(lead string, delay time.Duration, calls ...ToolCall) Response {
	var r Response
	if lead != "" {
		r.Chunks = Words(lead, delay)
	}
	for i := range calls {
		r.Chunks = append(r.Chunks, Chunk{Tool: &calls[i], Delay: delay})
	}
	return r
}

func (r Response) finishReason() string {
	if r.Finish != "" {
		return r.Finish
	}
	for _, c := range r.Chunks {
		if c.Tool != nil {
			return "tool_calls"
		}
	}
	return "stop"
}

func (r Response) usage() Usage {
	if r.Usage != nil {
		return *r.Usage
	}
	return DefaultUsage
}
