package reconcile

import "encoding/json"

// Message is one message with its parts, the folded counterpart of one
// element of GET /session/ID/message.
type Message struct {
	ID, SessionID, Role string
	ParentID            string // assistant: the user message it answers
	Agent               string
	ProviderID, ModelID string
	Created, Completed  int64 // epoch ms; Completed is 0 while unfinished
	Finish              string
	Error               *ErrorInfo
	Cost                float64
	Tokens              Tokens
	// Placeholder: only parts or deltas of the message were seen so far.
	Placeholder bool
	// Interrupted: an assistant message that will never finish because
	// the server stopped (crash/restart) while it streamed; see doc.go.
	Interrupted bool
	Info        json.RawMessage // the server's info object
	Parts       []Part          // ordered by part id (creation order)
}

// Aborted reports whether the message ended because it was aborted.
func (m Message) Aborted() bool { return m.Error != nil && m.Error.Name == "MessageAbortedError" }

// Running reports whether an assistant message is still being produced.
func (m Message) Running() bool {
	return m.Role == "assistant" && m.Completed == 0 && m.Error == nil && !m.Interrupted
}

// ErrorInfo is the server's error union ({name, data:{message, ...}}).
type ErrorInfo struct {
	Name    string
	Message string
	Raw     json.RawMessage
}

// Part is one message part with streamed text folded in.
type Part struct {
	ID, MessageID, SessionID, Type string
	Text                           string    // text and reasoning parts
	Tool                           *ToolCall // tool parts
	// Ended: the server finished the part (text time.end, tool completed
	// or error); later deltas are ignored.
	Ended bool
	// Incomplete: text that was streamed before we saw the part (late
	// join, reconnect, REST snapshot) is missing until the final copy.
	Incomplete bool
	Raw        json.RawMessage // the part as the server would send it now
}

// ToolCall is the state of a tool part.
type ToolCall struct {
	CallID, Name, Status, Title string
	Input                       json.RawMessage
	Output, Error               string
	ChildSession                string // task tool: metadata.sessionId
}

// Tokens are token counts as the server reports them.
type Tokens struct {
	Input, Output, Reasoning, CacheRead, CacheWrite int64
}

// SessionInfo is the session object of session.* events and GET /session/ID.
type SessionInfo struct {
	ID, Slug, Title, Directory, ProjectID, ParentID string
	Agent, ProviderID, ModelID                      string
	Created, Updated                                int64
	Cost                                            float64
	Tokens                                          Tokens
	Deleted                                         bool
	Raw                                             json.RawMessage
}

// Status is the session status: idle, busy or retry (unknown types are
// kept as sent). Type is "" while no status is known.
type Status struct {
	Type    string
	Attempt int
	Message string
	Next    int64 // epoch ms of the next retry
	Raw     json.RawMessage
}

// Busy reports whether the session is working (any type but idle).
func (s Status) Busy() bool { return s.Type != "" && s.Type != "idle" }

// Request is a pending permission or question request.
type Request struct {
	ID, SessionID string
	Raw           json.RawMessage // the asked event's properties
}

// State is everything the model knows about its session.
type State struct {
	Session     *SessionInfo // nil until session info was seen
	Status      Status
	Error       *ErrorInfo // last session.error, cleared when a new attempt starts
	Messages    []Message
	Permissions []Request
	Questions   []Request
	Children    []SessionInfo
	Todos       json.RawMessage // latest todo.updated list
	Diff        json.RawMessage // latest session.diff list
}
