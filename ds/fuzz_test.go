package ds

import (
	"bytes"
	"context"
	"errors"
	"io"
	"net/http"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// cannedSSE answers in memory: a caught-up catch-up, then one event stream
// with the given body, then 404 so the reader stops.
type cannedSSE struct {
	body   []byte
	base64 bool
	n      int
}

func (c *cannedSSE) RoundTrip(req *http.Request) (*http.Response, error) {
	c.n++
	resp := &http.Response{StatusCode: http.StatusOK, Header: http.Header{}, Body: io.NopCloser(bytes.NewReader(nil)), Request: req}
	switch c.n {
	case 1:
		resp.Header.Set(hType, "application/json")
		resp.Header.Set("Stream-Next-Offset", "b")
		resp.Header.Set(hUpToDate, "true")
		resp.Body = io.NopCloser(bytes.NewReader([]byte("[]")))
	case 2:
		resp.Header.Set(hType, "text/event-stream")
		if c.base64 {
			resp.Header.Set(hEncoding, "base64")
		}
		resp.Body = io.NopCloser(bytes.NewReader(c.body))
	default:
		resp.StatusCode = http.StatusNotFound
	}
	return resp, nil
}

// FuzzSSEControl feeds arbitrary event streams to the reader: it never
// panics or hangs, offsets never go backwards, and it ends either at a
// closed control or with a permanent error.
func FuzzSSEControl(f *testing.F) {
	f.Add([]byte(dataEvent(`[1]`)+controlEvent("c", "k", true, false)+controlEvent("d", "", false, true)), false)
	f.Add([]byte("event: control\ndata:{\"streamNextOffset\":\n\n"), false)
	f.Add([]byte("event: data\r\ndata:AAH/\r\ndata:/oA=\r\n\r\nevent: control\rdata:{\"streamNextOffset\":\"c\",\"streamClosed\":true}\r\r"), true)
	f.Add([]byte("event: data\ndata:[1]\n\n: comment\nid: 1\nretry: 5\n\nevent: control\ndata: {\"streamNextOffset\":\"a\"}\n\n"), false)
	f.Fuzz(func(t *testing.T, body []byte, base64 bool) {
		ctx, cancel := context.WithTimeout(context.Background(), 10*time.Second)
		defer cancel()
		rt := &cannedSSE{body: body, base64: base64}
		opts := StreamOptions{URL: "http://stream.test/s", HTTP: &http.Client{Transport: rt}, Backoff: transport.Backoff{Initial: time.Microsecond, Max: time.Microsecond}, MaxEventSize: 1 << 16}
		last, closed := "b", false
		err := ReadStream(ctx, opts, func(b *feed.Batch) error {
			if b.Offset < last || closed {
				t.Fatalf("batch at %q after %q (closed %v)", b.Offset, last, closed)
			}
			last, closed = b.Offset, b.Closed
			return nil
		})
		switch {
		case errors.Is(err, context.DeadlineExceeded):
			t.Fatal("the reader hung")
		case err == nil && !closed:
			t.Fatal("ended without a closed control")
		case err != nil && !transport.Permanent(err):
			t.Fatalf("ended with a transient error: %v", err)
		case rt.n > 3:
			t.Fatalf("%d requests; the script has three", rt.n)
		}
	})
}
