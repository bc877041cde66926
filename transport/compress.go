package transport

import (
	"compress/gzip"
	"io"
	"net"
	"net/http"
	"strings"
)

// Compression says when to ask a server for gzip responses.
type Compression string

const (
	// CompressAuto asks every server but one on the loopback interface,
	// where compressing a catch-up costs the server more time than the
	// bytes it saves ever take to cross.
	CompressAuto   Compression = "auto"
	CompressAlways Compression = "always" // e.g. a port forwarded over SSH
	CompressNever  Compression = "never"
)

// Compressions are the values --compress takes.
var Compressions = []string{string(CompressAuto), string(CompressAlways), string(CompressNever)}

// asksGzip reports whether a request to host (a URL's Hostname) asks for
// gzip under c.
func (c Compression) asksGzip(host string) bool {
	switch c {
	case CompressNever:
		return false
	case CompressAlways:
		return true
	}
	return !isLoopback(host)
}

func isLoopback(host string) bool {
	host = strings.TrimSuffix(strings.ToLower(host), ".")
	if host == "localhost" || strings.HasSuffix(host, ".localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// compressChoice asks for an uncompressed response where gzip is not
// wanted. Go's transport asks for gzip and decodes it only when a request
// names no Accept-Encoding; naming "identity" turns both off, so a server
// that compresses all the same is decoded here.
type compressChoice struct {
	*http.Transport // and its CloseIdleConnections
	c               Compression
}

func (t compressChoice) RoundTrip(req *http.Request) (*http.Response, error) {
	if t.c.asksGzip(req.URL.Hostname()) || req.Header.Get("Accept-Encoding") != "" || req.Method == http.MethodHead {
		return t.Transport.RoundTrip(req)
	}
	req = req.Clone(req.Context()) // a RoundTripper must not change its request
	req.Header.Set("Accept-Encoding", "identity")
	resp, err := t.Transport.RoundTrip(req)
	if err == nil && strings.EqualFold(resp.Header.Get("Content-Encoding"), "gzip") {
		resp.Body = &gunzipBody{body: resp.Body}
		resp.Header.Del("Content-Encoding")
		resp.Header.Del("Content-Length")
		resp.ContentLength = -1
		resp.Uncompressed = true
	}
	return resp, err
}

// gunzipBody decodes a gzip body on its first read, as Go's transport does
// for the responses it asked to be compressed.
type gunzipBody struct {
	body io.ReadCloser
	zr   *gzip.Reader
	err  error
}

func (g *gunzipBody) Read(p []byte) (int, error) {
	if g.zr == nil && g.err == nil {
		g.zr, g.err = gzip.NewReader(g.body)
	}
	if g.err != nil {
		return 0, g.err
	}
	return g.zr.Read(p)
}

func (g *gunzipBody) Close() error { return g.body.Close() }
