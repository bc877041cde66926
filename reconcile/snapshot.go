package reconcile

import (
	"encoding/json"
	"fmt"
)

// WireMessage is one element of the GET /session/ID/message answer.
type WireMessage struct {
	Info  json.RawMessage   `json:"info"`
	Parts []json.RawMessage `json:"parts"`
	// compact says Info and Parts hold no whitespace outside strings, as
	// SplitWireMessage's one pass found: the merger takes them as they are
	// rather than looking at every byte again.
	compact bool
	// The heads SplitWireMessage read on its way (zero where it did not):
	// the merger needs them and need not read the members again.
	infoHead  messageHead
	partHeads []partHead
	// madeInfo and madeList are the Data of the events the merger makes of
	// Info and of each part for the session madeFor, when SplitListed made
	// them; Info and Parts are then slices of them.
	madeFor  string
	madeInfo wrappedData
	madeList []wrappedData
}

// Snapshot is REST state of the model's session. A nil member was not
// fetched and leaves that part of the model as it is; an empty non-nil one
// says the server has nothing (the Decode helpers return non-nil values).
type Snapshot struct {
	Session  json.RawMessage // GET /session/ID
	Messages []WireMessage   // GET /session/ID/message
	// Truncated: Messages is only the newest page (?limit=N), so local
	// messages older than the page are kept.
	Truncated bool
	// Status is GET /session/status?directory=D: a map of the non-idle
	// sessions of one instance. A session missing from it is idle.
	Status      map[string]json.RawMessage
	Permissions []json.RawMessage // GET /permission (every session of the instance)
	Questions   []json.RawMessage // GET /question
	Children    []json.RawMessage // GET /session/ID/children
}

// DecodeMessages decodes a GET /session/ID/message answer.
func DecodeMessages(body []byte) ([]WireMessage, error) {
	msgs := []WireMessage{}
	if err := json.Unmarshal(body, &msgs); err != nil {
		return nil, fmt.Errorf("reconcile: bad message list: %w", err)
	}
	if msgs == nil {
		return nil, fmt.Errorf("reconcile: bad message list: null")
	}
	return msgs, nil
}

// DecodeStatusMap decodes a GET /session/status answer.
func DecodeStatusMap(body []byte) (map[string]json.RawMessage, error) {
	status := map[string]json.RawMessage{}
	if err := json.Unmarshal(body, &status); err != nil {
		return nil, fmt.Errorf("reconcile: bad status map: %w", err)
	}
	if status == nil {
		return nil, fmt.Errorf("reconcile: bad status map: null")
	}
	return status, nil
}

// DecodeList decodes a JSON array answer (GET /permission, GET /question,
// GET /session/ID/children).
func DecodeList(body []byte) ([]json.RawMessage, error) {
	list := []json.RawMessage{}
	if err := json.Unmarshal(body, &list); err != nil {
		return nil, fmt.Errorf("reconcile: bad list: %w", err)
	}
	if list == nil {
		return nil, fmt.Errorf("reconcile: bad list: null")
	}
	return list, nil
}
