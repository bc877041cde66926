package ocpeer

import (
	"strings"
	"testing"
)

func TestLineWriterFindsListeningLine(t *testing.T) {
	tests := []struct {
		name       string
		writes     []string
		url        string
		serveError bool
		lines      int
	}{
		{"split across writes", []string{"Warning: unsecured.\nopencode server list", "ening on http://127.0.0.1:4196\n"}, "http://127.0.0.1:4196", false, 2},
		{"port taken", []string{"Warning\n", "Error: Unexpected error\n\nServeError\n"}, "", true, 4},
		{"partial line is held back", []string{"opencode server listening on http://127.0.0.1:1"}, "", false, 0},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			sink := &logSink{}
			w := newLineWriter(sink)
			for _, s := range tc.writes {
				if n, err := w.Write([]byte(s)); n != len(s) || err != nil {
					t.Fatalf("Write = %d, %v", n, err)
				}
			}
			var url string
			select {
			case url = <-w.listening:
			default:
			}
			if url != tc.url || w.serveError != tc.serveError {
				t.Errorf("url %q serveError %v, want %q %v", url, w.serveError, tc.url, tc.serveError)
			}
			if got := len(sink.lines); got != tc.lines {
				t.Errorf("%d lines kept, want %d", got, tc.lines)
			}
		})
	}
}

func TestLogSinkKeepsNewestLines(t *testing.T) {
	sink := &logSink{}
	for i := range maxLogLines + 5 {
		sink.add(strings.Repeat("x", i%3))
	}
	sink.add("last")
	if len(sink.lines) != maxLogLines || sink.tail(1) != "last" {
		t.Errorf("kept %d lines, tail %q", len(sink.lines), sink.tail(1))
	}
}
