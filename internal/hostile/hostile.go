// Package hostile is a Durable Streams server that attacks its reader:
// data events that never commit, gzip bombs, instant empty answers and
// huge offsets. Tests run dstail against it and assert the bounds (peak
// RSS, CPU time, bytes written) that hold whatever the server does.
package hostile

import (
	"compress/gzip"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
)

// Mode picks the attack.
type Mode int

const (
	// NeverControl sends data events without end and never the control
	// event that would commit them.
	NeverControl Mode = iota
	// GzipBomb is NeverControl through Content-Encoding: gzip, a tiny
	// compressed body that inflates without end.
	GzipBomb
	// Instant ends every SSE response at once and answers every
	// long-poll at once with 204: no hold, nothing new.
	Instant
	// HugeOffset answers with a Stream-Next-Offset of 1 MiB.
	HugeOffset
)

// Start serves mode on loopback until the test ends; the stream is at
// URL+"/s".
func Start(mode Mode) *httptest.Server {
	return httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		q := r.URL.Query()
		w.Header().Set("Content-Type", "application/json")
		switch {
		case mode == HugeOffset:
			w.Header().Set("Stream-Next-Offset", strings.Repeat("7", 1<<20))
			w.Header().Set("Stream-Up-To-Date", "true")
			_, _ = io.WriteString(w, `[1]`)
		case q.Get("live") == "":
			w.Header().Set("Stream-Next-Offset", "0001")
			w.Header().Set("Stream-Up-To-Date", "true")
			_, _ = io.WriteString(w, `[]`)
		case q.Get("live") == "long-poll":
			w.Header().Set("Stream-Next-Offset", "0001")
			w.Header().Set("Stream-Up-To-Date", "true")
			w.WriteHeader(http.StatusNoContent)
		case mode == Instant:
			w.Header().Set("Content-Type", "text/event-stream")
		default:
			dataForever(w, r, mode == GzipBomb)
		}
	}))
}

// dataForever writes data events of 16 KiB until the client leaves.
func dataForever(w http.ResponseWriter, r *http.Request, gz bool) {
	w.Header().Set("Content-Type", "text/event-stream")
	event := []byte("event: data\ndata:[\"" + strings.Repeat("x", 16<<10) + "\"]\n\n")
	var out io.Writer = w
	if gz {
		w.Header().Set("Content-Encoding", "gzip")
		zw, _ := gzip.NewWriterLevel(w, gzip.BestCompression)
		defer zw.Close()
		out = zw
	}
	for r.Context().Err() == nil {
		if _, err := out.Write(event); err != nil {
			return
		}
	}
}
