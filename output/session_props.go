package output

import "encoding/json"

// props is the union of the property shapes printed here.
type props struct {
	Info       info       `json:"info"`
	Part       part       `json:"part"`
	PartID     string     `json:"partID"`
	Field      string     `json:"field"`
	Delta      string     `json:"delta"`
	Status     status     `json:"status"`
	Error      *errorInfo `json:"error"`
	Permission string     `json:"permission"`
	Patterns   []string   `json:"patterns"`
}

type info struct {
	ID         string     `json:"id"`
	Role       string     `json:"role"`
	Title      string     `json:"title"`
	Agent      string     `json:"agent"`
	ProviderID string     `json:"providerID"`
	ModelID    string     `json:"modelID"`
	Error      *errorInfo `json:"error"`
	Time       struct {
		Created   int64 `json:"created"`
		Completed int64 `json:"completed"`
	} `json:"time"`
}

type errorInfo struct {
	Name string `json:"name"`
	Data struct {
		Message string `json:"message"`
	} `json:"data"`
}

type status struct {
	Type    string `json:"type"`
	Attempt int    `json:"attempt"`
	Message string `json:"message"`
	Next    int64  `json:"next"`
}

type part struct {
	ID        string          `json:"id"`
	MessageID string          `json:"messageID"`
	Type      string          `json:"type"`
	Text      string          `json:"text"`
	Tool      string          `json:"tool"`
	State     toolState       `json:"state"`
	Reason    string          `json:"reason"`
	Cost      float64         `json:"cost"`
	Files     []string        `json:"files"`
	Filename  string          `json:"filename"`
	Time      json.RawMessage `json:"time"`
}

// span is the {start, end} time (Unix ms) of a part or a tool run.
type span struct {
	Start int64 `json:"start"`
	End   int64 `json:"end"`
}

type toolState struct {
	Status string          `json:"status"`
	Title  string          `json:"title"`
	Input  json.RawMessage `json:"input"`
	Output string          `json:"output"`
	Error  string          `json:"error"`
	Time   span            `json:"time"`
}
