package ds

import (
	"context"
	"net/http"
	"net/http/httptest"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/feed"
)

// TestExactTextFollowsByLongPoll: a text/* stream keeps its leading spaces
// only over long-poll, so ExactText must never open SSE for it.
func TestExactTextFollowsByLongPoll(t *testing.T) {
	for _, tt := range []struct {
		contentType string
		exact       bool
		wantLive    string
	}{
		{"text/plain", true, "long-poll"},
		{"text/plain; charset=utf-8", true, "long-poll"},
		{"text/plain", false, "sse"},
		{"application/json", true, "sse"},
		{"application/x-ndjson", true, "sse"}, // base64 over SSE: exact already
	} {
		t.Run(tt.contentType, func(t *testing.T) {
			var mu sync.Mutex
			var lives []string
			srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
				live := r.URL.Query().Get("live")
				mu.Lock()
				lives = append(lives, live)
				mu.Unlock()
				w.Header().Set("Stream-Next-Offset", "0_1")
				w.Header().Set("Stream-Up-To-Date", "true")
				if live == "" {
					w.Header().Set("Content-Type", tt.contentType)
					if tt.contentType == "application/json" {
						w.Write([]byte("[]"))
						return
					}
					w.Write([]byte(" two\n"))
					return
				}
				// Live: end the stream so the reader stops.
				w.Header().Set("Stream-Closed", "true")
				if live == "sse" {
					w.Header().Set("Content-Type", "text/event-stream")
					w.Write([]byte("event: control\ndata: {\"streamNextOffset\":\"0_1\",\"streamClosed\":true}\n\n"))
					return
				}
				w.WriteHeader(http.StatusNoContent)
			}))
			defer srv.Close()
			ctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
			defer cancel()
			err := ReadStream(ctx, StreamOptions{URL: srv.URL + "/s", ExactText: tt.exact}, func(*feed.Batch) error { return nil })
			if err != nil {
				t.Fatal(err)
			}
			mu.Lock()
			defer mu.Unlock()
			if len(lives) != 2 || lives[0] != "" || lives[1] != tt.wantLive {
				t.Fatalf("requests live=%q, want catch-up then %q", lives, tt.wantLive)
			}
		})
	}
}
