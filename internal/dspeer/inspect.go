package dspeer

import (
	"net/http"
	"net/url"
	"strings"
	"testing"
)

// Info is what HEAD reports about a stream.
type Info struct {
	Status      int // 200, or 404 for a missing stream
	ContentType string
	NextOffset  string // the tail
	Closed      bool
}

// Head probes the stream. Only a transport failure fails the test; a missing
// stream is reported through Info.Status.
func (s *Server) Head(t testing.TB, name string) Info {
	t.Helper()
	r, _, err := s.do(http.MethodHead, s.StreamURL(name), nil, nil)
	if err != nil {
		t.Fatalf("dspeer: head %s: %v", name, err)
	}
	return Info{
		Status:      r.StatusCode,
		ContentType: r.Header.Get("Content-Type"),
		NextOffset:  r.Header.Get(headerNextOffset),
		Closed:      isTrue(r.Header.Get(headerClosed)),
	}
}

// Chunk is one catch-up read.
type Chunk struct {
	Status     int
	Body       []byte
	NextOffset string
	UpToDate   bool
	Closed     bool
	Cursor     string
}

// Read makes one catch-up GET at offset ("-1" for the start). Only a
// transport failure fails the test; any status is returned in the Chunk.
func (s *Server) Read(t testing.TB, name, offset string) Chunk {
	t.Helper()
	target := s.StreamURL(name) + "?" + url.Values{"offset": {offset}}.Encode()
	r, body, err := s.do(http.MethodGet, target, nil, nil)
	if err != nil {
		t.Fatalf("dspeer: read %s at %s: %v", name, offset, err)
	}
	return Chunk{
		Status:     r.StatusCode,
		Body:       body,
		NextOffset: r.Header.Get(headerNextOffset),
		UpToDate:   len(r.Header.Values(headerUpToDate)) > 0,
		Closed:     isTrue(r.Header.Get(headerClosed)),
		Cursor:     r.Header.Get(headerCursor),
	}
}

func isTrue(v string) bool { return strings.EqualFold(v, "true") }
