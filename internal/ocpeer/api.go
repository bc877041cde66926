package ocpeer

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// NewRequest builds a request for path (which may carry a query) with the
// basic-auth credentials when the server has a password. A non-nil body is
// sent as JSON. Use it with your own client for streams (/global/event).
func (s *Server) NewRequest(ctx context.Context, method, path string, body any) (*http.Request, error) {
	return s.newRequest(ctx, s.URL(), method, path, body)
}

// newRequest builds a request against base, for callers holding s.mu.
func (s *Server) newRequest(ctx context.Context, base, method, path string, body any) (*http.Request, error) {
	var rd io.Reader
	if body != nil {
		data, err := json.Marshal(body)
		if err != nil {
			return nil, fmt.Errorf("ocpeer: encode body: %w", err)
		}
		rd = bytes.NewReader(data)
	}
	req, err := http.NewRequestWithContext(ctx, method, base+path, rd)
	if err != nil {
		return nil, err
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	if s.cfg.password != "" {
		req.SetBasicAuth(s.Username(), s.cfg.password)
	}
	return req, nil
}

// Do sends one request (30 s timeout) and returns status and body. Only a
// transport failure fails the test. It does not use t.Context(), so it also
// works from a t.Cleanup.
func (s *Server) Do(t testing.TB, method, path string, body any) (int, []byte) {
	t.Helper()
	req, err := s.NewRequest(context.Background(), method, path, body)
	if err != nil {
		t.Fatalf("ocpeer: %s %s: %v", method, path, err)
	}
	resp, err := s.client.Do(req)
	if err != nil {
		t.Fatalf("ocpeer: %s %s: %v", method, path, err)
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(resp.Body)
	if err != nil {
		t.Fatalf("ocpeer: %s %s: read body: %v", method, path, err)
	}
	return resp.StatusCode, data
}

// expect is Do that fails the test unless the status is 2xx.
func (s *Server) expect(t testing.TB, method, path string, body any) []byte {
	t.Helper()
	status, data := s.Do(t, method, path, body)
	if status/100 != 2 {
		t.Fatalf("ocpeer: %s %s: status %d: %s", method, path, status, data)
	}
	return data
}

// InDir appends the directory query parameter that selects the instance.
func InDir(path, dir string) string {
	sep := "?"
	if strings.Contains(path, "?") {
		sep = "&"
	}
	return path + sep + "directory=" + url.QueryEscape(dir)
}

// CreateSession creates an untitled session in dir ("" means Dir()) and
// returns its ID. OpenCode then asks the mock for a title at the first prompt.
func (s *Server) CreateSession(t testing.TB, dir string) string {
	t.Helper()
	if dir == "" {
		dir = s.Dir()
	}
	var info struct {
		ID string `json:"id"`
	}
	data := s.expect(t, http.MethodPost, InDir("/session", dir), map[string]any{})
	if err := json.Unmarshal(data, &info); err != nil || info.ID == "" {
		t.Fatalf("ocpeer: create session: unexpected answer %s (%v)", data, err)
	}
	s.mu.Lock()
	s.sessions[info.ID] = dir
	s.mu.Unlock()
	return info.ID
}

// Prompt sends text to the session through prompt_async, which answers 204
// before the turn even starts (the session may still look idle for a
// moment; WaitIdle accounts for that).
func (s *Server) Prompt(t testing.TB, sessionID, text string) {
	t.Helper()
	body := map[string]any{
		"model": map[string]string{"providerID": ProviderID, "modelID": ModelID},
		"parts": []map[string]string{{"type": "text", "text": text}},
	}
	path := InDir("/session/"+url.PathEscape(sessionID)+"/prompt_async", s.sessionDir(t, sessionID))
	s.expect(t, http.MethodPost, path, body)
	s.mu.Lock()
	s.prompts[sessionID]++
	s.mu.Unlock()
}

// Abort stops the session's running turn.
func (s *Server) Abort(t testing.TB, sessionID string) {
	t.Helper()
	path := InDir("/session/"+url.PathEscape(sessionID)+"/abort", s.sessionDir(t, sessionID))
	if data := s.expect(t, http.MethodPost, path, nil); strings.TrimSpace(string(data)) != "true" {
		t.Fatalf("ocpeer: abort %s: answer %s", sessionID, data)
	}
}

// Messages returns GET /session/ID/message: every message with its parts.
func (s *Server) Messages(t testing.TB, sessionID string) json.RawMessage {
	t.Helper()
	path := InDir("/session/"+url.PathEscape(sessionID)+"/message", s.sessionDir(t, sessionID))
	return s.expect(t, http.MethodGet, path, nil)
}

// SessionStatus is one entry of GET /session/status.
type SessionStatus struct {
	Type    string `json:"type"` // busy, retry (idle sessions are not listed)
	Attempt int    `json:"attempt,omitempty"`
	Message string `json:"message,omitempty"`
	Next    int64  `json:"next,omitempty"` // epoch ms of the next retry
}

// Status returns the non-idle sessions of the instance for dir ("" = Dir()).
func (s *Server) Status(t testing.TB, dir string) map[string]SessionStatus {
	t.Helper()
	if dir == "" {
		dir = s.Dir()
	}
	out := map[string]SessionStatus{}
	data := s.expect(t, http.MethodGet, InDir("/session/status", dir), nil)
	if err := json.Unmarshal(data, &out); err != nil {
		t.Fatalf("ocpeer: session status: %v: %s", err, data)
	}
	return out
}

// sessionDir is the directory of a session, from CreateSession or asked.
func (s *Server) sessionDir(t testing.TB, sessionID string) string {
	t.Helper()
	s.mu.Lock()
	dir, ok := s.sessions[sessionID]
	s.mu.Unlock()
	if ok {
		return dir
	}
	var info struct {
		Directory string `json:"directory"`
	}
	data := s.expect(t, http.MethodGet, "/session/"+url.PathEscape(sessionID), nil)
	if err := json.Unmarshal(data, &info); err != nil || info.Directory == "" {
		t.Fatalf("ocpeer: session %s: no directory in %s (%v)", sessionID, data, err)
	}
	s.mu.Lock()
	s.sessions[sessionID] = info.Directory
	s.mu.Unlock()
	return info.Directory
}
