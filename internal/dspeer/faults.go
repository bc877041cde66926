package dspeer

import (
	"encoding/json"
	"net/http"
	"testing"
	"time"
)

// Fault is a server-side fault for the next requests to one stream, applied
// by the reference server's own test endpoint (POST /_test/inject-error).
// It matches any request to the stream path, including this package's
// Append, unless Method narrows it.
type Fault struct {
	Method         string        // e.g. "GET"; empty matches every method
	Count          int           // requests to affect; 0 means 1
	Status         int           // answer with this status instead of serving
	RetryAfter     int           // Retry-After seconds sent with Status
	Delay          time.Duration // wait before answering (or before the other fault)
	DropConnection bool          // destroy the socket without any answer
	CorruptBody    bool          // overwrite bytes of a catch-up/long-poll body
	SSEEvent       *SSEEvent     // write this event first on an SSE response
}

// SSEEvent is a raw event the server writes into an SSE response.
type SSEEvent struct {
	Type string // event name, e.g. "control" or "unknown"
	Data string // sent as one data: line, unvalidated
}

// wireFault is the endpoint's JSON body.
type wireFault struct {
	Path           string   `json:"path"`
	Method         string   `json:"method,omitempty"`
	Count          int      `json:"count,omitempty"`
	Status         int      `json:"status,omitempty"`
	RetryAfter     int      `json:"retryAfter,omitempty"`
	DelayMs        int64    `json:"delayMs,omitempty"`
	DropConnection bool     `json:"dropConnection,omitempty"`
	CorruptBody    bool     `json:"corruptBody,omitempty"`
	SSEEvent       *wireSSE `json:"injectSseEvent,omitempty"`
}

type wireSSE struct {
	EventType string `json:"eventType"`
	Data      string `json:"data"`
}

const faultEndpoint = "/_test/inject-error"

// InjectFault arms f for the named stream. The server keeps one fault per
// stream; a second call replaces the first. Faults are lost on Restart.
func (s *Server) InjectFault(t testing.TB, name string, f Fault) {
	t.Helper()
	w := wireFault{
		Path:           s.StreamPath(name),
		Method:         f.Method,
		Count:          f.Count,
		Status:         f.Status,
		RetryAfter:     f.RetryAfter,
		DelayMs:        f.Delay.Milliseconds(),
		DropConnection: f.DropConnection,
		CorruptBody:    f.CorruptBody,
	}
	if f.SSEEvent != nil {
		w.SSEEvent = &wireSSE{EventType: f.SSEEvent.Type, Data: f.SSEEvent.Data}
	}
	body, err := json.Marshal(w)
	if err != nil {
		t.Fatalf("dspeer: encode fault: %v", err)
	}
	h := http.Header{"Content-Type": {jsonContentType}}
	r, data, err := s.do(http.MethodPost, s.url+faultEndpoint, body, h)
	if err != nil {
		t.Fatalf("dspeer: inject fault on %s: %v", name, err)
	}
	if r.StatusCode != http.StatusOK {
		t.Fatalf("dspeer: inject fault on %s: status %d: %s", name, r.StatusCode, data)
	}
}

// ClearFaults removes every armed fault.
func (s *Server) ClearFaults(t testing.TB) {
	t.Helper()
	r, data, err := s.do(http.MethodDelete, s.url+faultEndpoint, nil, nil)
	if err != nil {
		t.Fatalf("dspeer: clear faults: %v", err)
	}
	if r.StatusCode != http.StatusOK {
		t.Fatalf("dspeer: clear faults: status %d: %s", r.StatusCode, data)
	}
}
