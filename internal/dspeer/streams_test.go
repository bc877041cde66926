package dspeer_test

import (
	"bytes"
	"io"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/dstail/dstail/internal/dspeer"
)

// get is a plain catch-up read, independent of the package's own Read.
func get(t *testing.T, streamURL, offset string) (*http.Response, []byte) {
	t.Helper()
	r, err := http.Get(streamURL + "?" + url.Values{"offset": {offset}}.Encode())
	if err != nil {
		t.Fatalf("GET %s: %v", streamURL, err)
	}
	defer r.Body.Close()
	body, err := io.ReadAll(r.Body)
	if err != nil {
		t.Fatalf("read body: %v", err)
	}
	return r, body
}

func TestCreateAppendReadBack(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	tests := []struct {
		name        string
		stream      string
		contentType string
		write       func(t *testing.T, stream string) string // returns the last offset
		want        string
	}{
		{
			name: "text appends concatenate", stream: "text", contentType: "text/plain",
			write: func(t *testing.T, s string) string {
				srv.Append(t, s, []byte("hello "))
				return srv.Append(t, s, []byte("world\n"))
			},
			want: "hello world\n",
		},
		{
			name: "binary bytes survive", stream: "bin", contentType: "application/octet-stream",
			write: func(t *testing.T, s string) string {
				return srv.Append(t, s, []byte{0, 0xff, '\r', '\n', 0x80})
			},
			want: "\x00\xff\r\n\x80",
		},
		{
			name: "JSON value and array become messages", stream: "json", contentType: "application/json",
			write: func(t *testing.T, s string) string {
				srv.AppendJSON(t, s, map[string]int{"a": 1})
				return srv.AppendJSON(t, s, []any{"b", 2})
			},
			want: `[{"a":1},"b",2]`,
		},
		{
			name: "name needing escapes", stream: "session a/b", contentType: "text/plain",
			write: func(t *testing.T, s string) string { return srv.Append(t, s, []byte("x")) },
			want:  "x",
		},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			start := srv.Create(t, tc.stream, tc.contentType)
			last := tc.write(t, tc.stream)
			if start >= last {
				t.Fatalf("offset after appends %q not after creation offset %q", last, start)
			}
			r, body := get(t, srv.StreamURL(tc.stream), "-1")
			if r.StatusCode != http.StatusOK {
				t.Fatalf("status %d: %s", r.StatusCode, body)
			}
			if string(body) != tc.want {
				t.Errorf("body = %q, want %q", body, tc.want)
			}
			if got := r.Header.Get("Stream-Next-Offset"); got != last {
				t.Errorf("Stream-Next-Offset = %q, want last append offset %q", got, last)
			}
			if r.Header.Get("Stream-Up-To-Date") != "true" {
				t.Errorf("Stream-Up-To-Date missing after a full read")
			}
			if r.Header.Get("Stream-Closed") != "" {
				t.Errorf("open stream reported Stream-Closed")
			}
		})
	}
}

func TestStreamURLLayout(t *testing.T) {
	srv := dspeer.Start(t)
	if got, want := srv.StreamPath("a b/c"), "/v1/stream/a%20b%2Fc"; got != want {
		t.Errorf("StreamPath = %q, want %q", got, want)
	}
	if !strings.HasPrefix(srv.URL(), "http://127.0.0.1:") {
		t.Errorf("URL %q is not on 127.0.0.1", srv.URL())
	}
	if got := srv.StreamURL("x"); got != srv.URL()+"/v1/stream/x" {
		t.Errorf("StreamURL = %q", got)
	}
}

func TestCloseMarksEndOfStream(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	tests := []struct {
		name  string
		close func(t *testing.T, stream string) string
	}{
		{"close after append", func(t *testing.T, s string) string {
			srv.Append(t, s, []byte("data"))
			return srv.Close(t, s)
		}},
		{"append and close in one request", func(t *testing.T, s string) string {
			return srv.AppendAndClose(t, s, []byte("data"))
		}},
	}
	for i, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			stream := "closing-" + string(rune('a'+i))
			srv.Create(t, stream, "text/plain")
			final := tc.close(t, stream)

			r, body := get(t, srv.StreamURL(stream), "-1")
			if string(body) != "data" || r.Header.Get("Stream-Closed") != "true" {
				t.Fatalf("full read: body %q, Stream-Closed %q", body, r.Header.Get("Stream-Closed"))
			}
			r, body = get(t, srv.StreamURL(stream), final)
			if r.StatusCode != http.StatusOK || len(body) != 0 || r.Header.Get("Stream-Closed") != "true" {
				t.Errorf("read at final offset: status %d, body %q, Stream-Closed %q",
					r.StatusCode, body, r.Header.Get("Stream-Closed"))
			}
			if info := srv.Head(t, stream); !info.Closed || info.NextOffset != final {
				t.Errorf("HEAD = %+v, want closed at %q", info, final)
			}
			if _, err := srv.TryAppend(stream, []byte("late")); err == nil || !strings.Contains(err.Error(), "409") {
				t.Errorf("append after close: err = %v, want a 409", err)
			}
		})
	}
}

func TestDeleteThenNotFound(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	srv.Create(t, "doomed", "text/plain")
	srv.Append(t, "doomed", []byte("x"))
	srv.Delete(t, "doomed")

	if r, _ := get(t, srv.StreamURL("doomed"), "-1"); r.StatusCode != http.StatusNotFound {
		t.Errorf("GET after delete: status %d, want 404", r.StatusCode)
	}
	if info := srv.Head(t, "doomed"); info.Status != http.StatusNotFound {
		t.Errorf("HEAD after delete: status %d, want 404", info.Status)
	}
	if _, err := srv.TryAppend("doomed", []byte("y")); err == nil {
		t.Error("append to a deleted stream succeeded")
	}
}

func TestReadHelperReportsHeaders(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	srv.Create(t, "r", "text/plain")
	first := srv.Append(t, "r", []byte("one"))
	second := srv.Append(t, "r", []byte("two"))

	c := srv.Read(t, "r", first)
	if c.Status != http.StatusOK || !bytes.Equal(c.Body, []byte("two")) || c.NextOffset != second || !c.UpToDate || c.Closed {
		t.Errorf("Read from first offset = %+v", c)
	}
	if c := srv.Read(t, "r", "0"); c.Status != http.StatusBadRequest {
		t.Errorf("Read at offset 0: status %d, want 400 (not a server offset)", c.Status)
	}
	if c := srv.Read(t, "missing", "-1"); c.Status != http.StatusNotFound {
		t.Errorf("Read of missing stream: status %d, want 404", c.Status)
	}
}

func TestCompressionOption(t *testing.T) {
	t.Parallel()
	tests := []struct {
		name         string
		opts         []dspeer.Option
		wantEncoding string
	}{
		{"server default compresses", nil, "gzip"},
		{"WithoutCompression sends plain bytes", []dspeer.Option{dspeer.WithoutCompression()}, ""},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			t.Parallel()
			srv := dspeer.Start(t, tc.opts...)
			srv.Create(t, "big", "text/plain")
			srv.Append(t, "big", bytes.Repeat([]byte("compressible "), 200))

			req, err := http.NewRequest(http.MethodGet, srv.StreamURL("big")+"?offset=-1", nil)
			if err != nil {
				t.Fatal(err)
			}
			req.Header.Set("Accept-Encoding", "gzip")
			tr := &http.Transport{DisableCompression: true} // see the encoding as sent
			defer tr.CloseIdleConnections()
			r, err := (&http.Client{Transport: tr}).Do(req)
			if err != nil {
				t.Fatalf("GET: %v", err)
			}
			r.Body.Close()
			if got := r.Header.Get("Content-Encoding"); got != tc.wantEncoding {
				t.Errorf("Content-Encoding = %q, want %q", got, tc.wantEncoding)
			}
		})
	}
}
