package reconcile

import (
	"encoding/json"
	"math"
)

// The wire structs below are decoded best effort: a member of an
// unexpected type is left zero instead of failing the whole object.

type tokensWire struct {
	Input     float64 `json:"input"`
	Output    float64 `json:"output"`
	Reasoning float64 `json:"reasoning"`
	Cache     struct {
		Read  float64 `json:"read"`
		Write float64 `json:"write"`
	} `json:"cache"`
}

func (t tokensWire) tokens() Tokens {
	return Tokens{Input: toInt(t.Input), Output: toInt(t.Output), Reasoning: toInt(t.Reasoning),
		CacheRead: toInt(t.Cache.Read), CacheWrite: toInt(t.Cache.Write)}
}

// toInt converts a JSON number to int64 without overflow surprises.
func toInt(f float64) int64 {
	if math.IsNaN(f) || f >= math.MaxInt64 || f <= math.MinInt64 {
		return 0
	}
	return int64(f)
}

type modelRef struct {
	ID         string `json:"id"`
	ProviderID string `json:"providerID"`
	ModelID    string `json:"modelID"`
}

func toMessage(rec *messageRec) Message {
	var w struct {
		ParentID   string   `json:"parentID"`
		Agent      string   `json:"agent"`
		ProviderID string   `json:"providerID"`
		ModelID    string   `json:"modelID"`
		Model      modelRef `json:"model"`
		Time       struct {
			Created   float64 `json:"created"`
			Completed float64 `json:"completed"`
		} `json:"time"`
		Finish string          `json:"finish"`
		Error  json.RawMessage `json:"error"`
		Cost   float64         `json:"cost"`
		Tokens tokensWire      `json:"tokens"`
	}
	_ = json.Unmarshal(rec.raw, &w)
	msg := Message{
		ID: rec.head.ID, SessionID: rec.head.SessionID, Role: rec.head.Role,
		ParentID: w.ParentID, Agent: w.Agent,
		ProviderID: first(w.ProviderID, w.Model.ProviderID), ModelID: first(w.ModelID, w.Model.ModelID),
		Created: toInt(w.Time.Created), Completed: toInt(w.Time.Completed), Finish: w.Finish,
		Error: toError(w.Error), Cost: w.Cost, Tokens: w.Tokens.tokens(),
		Placeholder: rec.placeholder, Info: clone(rec.raw),
	}
	return msg
}

func toError(raw json.RawMessage) *ErrorInfo {
	if !isPresent(raw) {
		return nil
	}
	var w struct {
		Name string `json:"name"`
		Data struct {
			Message string `json:"message"`
		} `json:"data"`
	}
	_ = json.Unmarshal(raw, &w)
	return &ErrorInfo{Name: w.Name, Message: w.Data.Message, Raw: clone(raw)}
}

func toPart(p *partRec) Part {
	part := Part{
		ID: p.head.ID, MessageID: p.head.MessageID, SessionID: p.head.SessionID, Type: p.head.Type,
		Ended: p.head.ended(), Incomplete: p.incomplete, Raw: clone(p.json()),
	}
	switch p.head.Type {
	case "text", "reasoning", "":
		part.Text = p.text()
	case "tool":
		part.Tool = toTool(p.raw)
	}
	return part
}

func toTool(raw json.RawMessage) *ToolCall {
	var w struct {
		CallID string `json:"callID"`
		Tool   string `json:"tool"`
		State  struct {
			Status   string          `json:"status"`
			Title    string          `json:"title"`
			Input    json.RawMessage `json:"input"`
			Output   string          `json:"output"`
			Error    string          `json:"error"`
			Metadata struct {
				SessionID string `json:"sessionId"`
			} `json:"metadata"`
		} `json:"state"`
	}
	_ = json.Unmarshal(raw, &w)
	return &ToolCall{CallID: w.CallID, Name: w.Tool, Status: w.State.Status, Title: w.State.Title,
		Input: clone(w.State.Input), Output: w.State.Output, Error: w.State.Error,
		ChildSession: w.State.Metadata.SessionID}
}

func toSession(rec *sessionRec) SessionInfo {
	var w struct {
		Slug      string   `json:"slug"`
		Directory string   `json:"directory"`
		ProjectID string   `json:"projectID"`
		Agent     string   `json:"agent"`
		Model     modelRef `json:"model"`
		Time      struct {
			Created float64 `json:"created"`
			Updated float64 `json:"updated"`
		} `json:"time"`
		Cost   float64    `json:"cost"`
		Tokens tokensWire `json:"tokens"`
	}
	_ = json.Unmarshal(rec.raw, &w)
	return SessionInfo{
		ID: rec.head.ID, Slug: w.Slug, Title: rec.head.Title, Directory: w.Directory,
		ProjectID: w.ProjectID, ParentID: rec.head.ParentID, Agent: w.Agent,
		ProviderID: w.Model.ProviderID, ModelID: first(w.Model.ID, w.Model.ModelID),
		Created: toInt(w.Time.Created), Updated: toInt(w.Time.Updated),
		Cost: w.Cost, Tokens: w.Tokens.tokens(), Deleted: rec.deleted, Raw: clone(rec.raw),
	}
}

func toStatus(raw json.RawMessage) Status {
	if raw == nil {
		return Status{}
	}
	var w struct {
		Type    string  `json:"type"`
		Attempt float64 `json:"attempt"`
		Message string  `json:"message"`
		Next    float64 `json:"next"`
	}
	_ = json.Unmarshal(raw, &w)
	return Status{Type: w.Type, Attempt: int(toInt(w.Attempt)), Message: w.Message, Next: toInt(w.Next), Raw: clone(raw)}
}

func first(values ...string) string {
	for _, v := range values {
		if v != "" {
			return v
		}
	}
	return ""
}

func clone(raw json.RawMessage) json.RawMessage {
	if raw == nil {
		return nil
	}
	return append(json.RawMessage(nil), raw...)
}
