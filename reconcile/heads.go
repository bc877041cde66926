package reconcile

import (
	"encoding/json"
	"strings"
)

// partHead is the part of a Part the model needs for ordering decisions.
// Time members stay raw: only their presence matters here.
type partHead struct {
	ID        string `json:"id"`
	SessionID string `json:"sessionID"`
	MessageID string `json:"messageID"`
	Type      string `json:"type"`
	// TextLen is the length of the text: all the model needs of it, and a
	// copy of the text would be a second copy of a part's largest member.
	TextLen int `json:"-"`
	Time    struct {
		Start json.RawMessage `json:"start"`
		End   json.RawMessage `json:"end"`
	} `json:"time"`
	State struct {
		Status string `json:"status"`
	} `json:"state"`
}

func parsePartHead(raw json.RawMessage) (partHead, bool) {
	h, ok := fastPartHead(raw)
	if !ok {
		h, ok = jsonPartHead(raw)
	}
	if !ok || h.ID == "" || h.MessageID == "" {
		return partHead{}, false
	}
	return h, true
}

// jsonPartHead is the head encoding/json reads of raw.
func jsonPartHead(raw json.RawMessage) (partHead, bool) {
	var h struct {
		partHead
		Text string `json:"text"`
	}
	if json.Unmarshal(raw, &h) != nil {
		return partHead{}, false
	}
	h.TextLen = len(h.Text)
	return h.partHead, true
}

// ended reports whether the server has finished the part: streamed text
// and reasoning get time.end (text without time.start, like a prompt, is
// written whole), tools reach completed or error, other part types are
// written once. A placeholder (type unknown) is never ended.
func (h partHead) ended() bool {
	switch h.Type {
	case "text", "reasoning":
		return isPresent(h.Time.End) || !isPresent(h.Time.Start)
	case "tool":
		return h.State.Status == "completed" || h.State.Status == "error"
	case "":
		return false
	}
	return true
}

// streams reports whether deltas may still extend the part's text and REST
// therefore cannot be trusted to hold all of it.
func (h partHead) streams() bool {
	switch h.Type {
	case "text", "reasoning", "":
		return !h.ended()
	}
	return false
}

// rank orders the life stages of a part: placeholder < created/pending <
// running tool < ended.
func (h partHead) rank() int {
	switch {
	case h.Type == "":
		return -1
	case h.ended():
		return 2
	case h.Type == "tool" && h.State.Status == "running":
		return 1
	}
	return 0
}

type messageHead struct {
	ID        string `json:"id"`
	SessionID string `json:"sessionID"`
	Role      string `json:"role"`
	Time      struct {
		Completed json.RawMessage `json:"completed"`
	} `json:"time"`
	Finish  string          `json:"finish"`
	Error   json.RawMessage `json:"error"`
	Summary json.RawMessage `json:"summary"`
}

func parseMessageHead(raw json.RawMessage) (messageHead, bool) {
	h, ok := fastMessageHead(raw)
	if !ok {
		h = messageHead{}
		ok = json.Unmarshal(raw, &h) == nil
	}
	if !ok || h.ID == "" {
		return messageHead{}, false
	}
	return h, true
}

// finished reports whether an assistant step is over (completed or failed).
func (h messageHead) finished() bool {
	return isPresent(h.Time.Completed) || isPresent(h.Error)
}

// rank orders the versions of a message: an assistant message gains
// finish and then time.completed (or error); a user message is re-sent
// with summary at the end of the turn.
func (h messageHead) rank() int {
	switch h.Role {
	case "":
		return -1
	case "assistant":
		if h.finished() {
			return 2
		}
		if h.Finish != "" {
			return 1
		}
	case "user":
		if isPresent(h.Summary) {
			return 1
		}
	}
	return 0
}

type sessionHead struct {
	ID       string `json:"id"`
	ParentID string `json:"parentID"`
	Title    string `json:"title"`
	Time     struct {
		Updated float64 `json:"updated"`
	} `json:"time"`
}

func parseSessionHead(raw json.RawMessage) (sessionHead, bool) {
	var h sessionHead
	if err := json.Unmarshal(raw, &h); err != nil || h.ID == "" {
		return sessionHead{}, false
	}
	return h, true
}

// defaultTitle reports the placeholder title the server gives a session
// until the generated one arrives (with an unchanged time.updated).
func (h sessionHead) defaultTitle() bool {
	return strings.HasPrefix(h.Title, "New session - ") || strings.HasPrefix(h.Title, "Child session - ")
}

// newerSession orders session versions by time.updated, then a generated
// title over the default one, then size.
func newerSession(in sessionHead, inRaw []byte, cur sessionHead, curRaw []byte) bool {
	if in.Time.Updated != cur.Time.Updated {
		return in.Time.Updated > cur.Time.Updated
	}
	if in.defaultTitle() != cur.defaultTitle() {
		return !in.defaultTitle()
	}
	return len(inRaw) >= len(curRaw)
}
