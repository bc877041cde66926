package dspeer

import (
	"bytes"
	"encoding/json"
	"fmt"
	"io"
	"net/http"
	"slices"
	"strings"
	"testing"
)

// Protocol headers used by the writer side.
const (
	headerNextOffset = "Stream-Next-Offset"
	headerClosed     = "Stream-Closed"
	headerUpToDate   = "Stream-Up-To-Date"
	headerCursor     = "Stream-Cursor"
	jsonContentType  = "application/json"
)

// Create makes the named stream with a fixed content type (PUT). Creating an
// existing stream again with the same content type is accepted. It returns
// the stream's current tail offset.
func (s *Server) Create(t testing.TB, name, contentType string) string {
	t.Helper()
	h := http.Header{"Content-Type": {contentType}}
	r, err := s.send(http.MethodPut, name, nil, h, http.StatusCreated, http.StatusOK)
	if err != nil {
		t.Fatalf("dspeer: create %s: %v", name, err)
	}
	s.rememberType(name, contentType)
	return r.Header.Get(headerNextOffset)
}

// Append adds body to the stream (POST with the stream's content type) and
// returns the new tail offset.
func (s *Server) Append(t testing.TB, name string, body []byte) string {
	t.Helper()
	offset, err := s.TryAppend(name, body)
	if err != nil {
		t.Fatalf("dspeer: %v", err)
	}
	return offset
}

// AppendJSON appends v, encoded as JSON, to an application/json stream. The
// server stores a top-level array as one message per element, so a slice
// appends several messages and any other value appends one.
func (s *Server) AppendJSON(t testing.TB, name string, v any) string {
	t.Helper()
	offset, err := s.TryAppendJSON(name, v)
	if err != nil {
		t.Fatalf("dspeer: %v", err)
	}
	return offset
}

// AppendAndClose appends body and closes the stream in one request.
func (s *Server) AppendAndClose(t testing.TB, name string, body []byte) string {
	t.Helper()
	offset, err := s.appendBody(name, body, true)
	if err != nil {
		t.Fatalf("dspeer: %v", err)
	}
	return offset
}

// TryAppend is Append for goroutines other than the test's: it reports
// failure instead of failing the test.
func (s *Server) TryAppend(name string, body []byte) (string, error) {
	return s.appendBody(name, body, false)
}

// TryAppendJSON is AppendJSON returning an error instead of failing the test.
func (s *Server) TryAppendJSON(name string, v any) (string, error) {
	body, err := json.Marshal(v)
	if err != nil {
		return "", fmt.Errorf("append to %s: encode JSON: %w", name, err)
	}
	return s.post(name, jsonContentType, body, false)
}

// Close marks the end of the stream: a POST with an empty body and
// "Stream-Closed: true". Readers then get Stream-Closed at the tail. It
// returns the final offset.
func (s *Server) Close(t testing.TB, name string) string {
	t.Helper()
	h := http.Header{headerClosed: {"true"}}
	r, err := s.send(http.MethodPost, name, nil, h, http.StatusNoContent)
	if err != nil {
		t.Fatalf("dspeer: close %s: %v", name, err)
	}
	return r.Header.Get(headerNextOffset)
}

// Delete removes the stream (DELETE); later reads get 404.
func (s *Server) Delete(t testing.TB, name string) {
	t.Helper()
	if _, err := s.send(http.MethodDelete, name, nil, nil, http.StatusNoContent); err != nil {
		t.Fatalf("dspeer: delete %s: %v", name, err)
	}
	s.typesMu.Lock()
	delete(s.types, name)
	s.typesMu.Unlock()
}

func (s *Server) appendBody(name string, body []byte, closeToo bool) (string, error) {
	contentType, err := s.contentType(name)
	if err != nil {
		return "", err
	}
	return s.post(name, contentType, body, closeToo)
}

func (s *Server) post(name, contentType string, body []byte, closeToo bool) (string, error) {
	h := http.Header{"Content-Type": {contentType}}
	if closeToo {
		h.Set(headerClosed, "true")
	}
	r, err := s.send(http.MethodPost, name, body, h, http.StatusNoContent, http.StatusOK)
	if err != nil {
		return "", fmt.Errorf("append to %s: %w", name, err)
	}
	return r.Header.Get(headerNextOffset), nil
}

// contentType is the type the stream was created with: appends must repeat
// it. Streams not created through this Server are asked with HEAD.
func (s *Server) contentType(name string) (string, error) {
	s.typesMu.Lock()
	ct, ok := s.types[name]
	s.typesMu.Unlock()
	if ok {
		return ct, nil
	}
	r, err := s.send(http.MethodHead, name, nil, nil, http.StatusOK)
	if err != nil {
		return "", fmt.Errorf("content type of %s: %w", name, err)
	}
	ct = r.Header.Get("Content-Type")
	s.rememberType(name, ct)
	return ct, nil
}

func (s *Server) rememberType(name, contentType string) {
	s.typesMu.Lock()
	s.types[name] = contentType
	s.typesMu.Unlock()
}

// send makes one request to the named stream and checks its status.
func (s *Server) send(method, name string, body []byte, h http.Header, want ...int) (*http.Response, error) {
	r, data, err := s.do(method, s.StreamURL(name), body, h)
	if err != nil {
		return nil, err
	}
	if !slices.Contains(want, r.StatusCode) {
		return nil, fmt.Errorf("%s %s: status %d, want %v: %s",
			method, s.StreamPath(name), r.StatusCode, want, strings.TrimSpace(string(data)))
	}
	return r, nil
}

func (s *Server) do(method, target string, body []byte, h http.Header) (*http.Response, []byte, error) {
	req, err := http.NewRequest(method, target, bytes.NewReader(body))
	if err != nil {
		return nil, nil, err
	}
	for k, v := range h {
		req.Header[k] = v
	}
	r, err := s.client.Do(req)
	if err != nil {
		return nil, nil, err
	}
	defer r.Body.Close()
	data, err := io.ReadAll(r.Body)
	if err != nil {
		return nil, nil, fmt.Errorf("%s %s: read body: %w", method, target, err)
	}
	return r, data, nil
}
