package transport

import (
	"context"
	"crypto/tls"
	"errors"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"strings"
	"time"

	"github.com/dstail/dstail/sanitize"
)

// HTTPOptions shape the one HTTP client a transport uses for every request.
type HTTPOptions struct {
	DialTimeout time.Duration // TCP connect; 10 s when zero
	TLS         *tls.Config   // nil: system roots, verification on
	Compress    Compression   // when to ask for gzip; CompressAuto when empty
}

// maxRedirects bounds redirect chains; each hop must stay on the origin the
// user named, so credentials and headers never reach anyone else.
const maxRedirects = 5

// NewHTTPClient returns a client for streaming: no overall timeout (that
// would kill long reads), bounded dialing and TLS handshakes, and redirects
// only within the same origin.
func NewHTTPClient(o HTTPOptions) *http.Client {
	dial := o.DialTimeout
	if dial <= 0 {
		dial = 10 * time.Second
	}
	tr := &http.Transport{
		Proxy:               http.ProxyFromEnvironment,
		DialContext:         (&net.Dialer{Timeout: dial, KeepAlive: 30 * time.Second}).DialContext,
		TLSHandshakeTimeout: dial,
		TLSClientConfig:     o.TLS,
		MaxIdleConnsPerHost: 4,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   true,
	}
	compress := o.Compress
	if compress == "" {
		compress = CompressAuto
	}
	return &http.Client{Transport: tlsHints{compressChoice{Transport: tr, c: compress}}, CheckRedirect: sameOriginRedirects}
}

func sameOriginRedirects(req *http.Request, via []*http.Request) error {
	if len(via) >= maxRedirects {
		return fmt.Errorf("stopped after %d redirects", maxRedirects)
	}
	first := via[0].URL
	if req.URL.Scheme != first.Scheme || req.URL.Host != first.Host {
		return &ProtocolError{What: RedactURL(first.Scheme + "://" + first.Host),
			Msg: fmt.Sprintf("refusing a redirect to another origin %s://%s", sanitize.ShortForm(req.URL.Scheme), sanitize.ShortForm(req.URL.Host))}
	}
	return nil
}

// ErrHeaderTimeout marks a server that accepted the request but sent no
// response headers in time.
var ErrHeaderTimeout = errors.New("no response headers in time")

// DoTimed sends req and waits at most headerTimeout for the response headers.
// The returned cancel ends the request; call it once the body is done.
func DoTimed(ctx context.Context, hc *http.Client, req *http.Request, headerTimeout time.Duration) (*http.Response, context.CancelCauseFunc, error) {
	rctx, cancel := context.WithCancelCause(ctx)
	timer := time.AfterFunc(headerTimeout, func() { cancel(ErrHeaderTimeout) })
	resp, err := hc.Do(req.WithContext(rctx))
	if !timer.Stop() && err == nil {
		// The deadline fired as the headers came in: the body is already
		// cancelled, so report the timeout rather than a confusing read error.
		resp.Body.Close()
		resp, err = nil, ErrHeaderTimeout
	}
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			ue.URL = ShortURL(ue.URL)
		}
		if cause := context.Cause(rctx); cause != nil && ctx.Err() == nil {
			err = fmt.Errorf("%w after %s", cause, headerTimeout)
		}
		cancel(nil)
		return nil, nil, err
	}
	return resp, cancel, nil
}

// longURLBase is how long the part of a URL before its query may be in a
// message before it is cut.
const longURLBase = 256

// ShortURL is RedactURL for one line of an error: each long query value
// (an offset or cursor a server handed out) is cut to its short form, and
// so is a path only a server could have made that long (a redirect's), so
// the line stays short whatever the server sent.
func ShortURL(raw string) string {
	red := RedactURL(raw)
	base, query, ok := strings.Cut(red, "?")
	if len(base) > longURLBase {
		base = sanitize.ShortForm(base)
	}
	if !ok {
		return base
	}
	pairs := strings.Split(query, "&")
	for i, p := range pairs {
		if name, value, ok := strings.Cut(p, "="); ok {
			pairs[i] = name + "=" + sanitize.ShortForm(value)
		}
	}
	return base + "?" + strings.Join(pairs, "&")
}

// ParseURL parses raw as an http(s) URL with a host; what names it in errors.
func ParseURL(raw, what string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return nil, fmt.Errorf("invalid %s URL %q", what, raw)
	}
	return u, nil
}

// ClientOr returns hc, or a new streaming client when it is nil.
func ClientOr(hc *http.Client) *http.Client {
	if hc == nil {
		return NewHTTPClient(HTTPOptions{})
	}
	return hc
}

// RedactURL returns raw fit for messages, logs and saved records: without
// userinfo, and with the values of query parameters whose name says they
// hold a credential, or whose value looks like one, replaced (see
// redact_names.go). Text that does not parse as a URL loses its userinfo
// and every query value.
func RedactURL(raw string) string {
	u, err := url.Parse(raw)
	if err != nil {
		return redactUnparsed(raw) // redact_names.go
	}
	u.User = nil
	if u.RawQuery != "" {
		q := u.Query()
		masked := false
		for name, vs := range q {
			for i, v := range vs {
				if secretParam(name) || tokenLike(v) { // redact_names.go
					vs[i] = "REDACTED"
					masked = true
				}
			}
		}
		if masked {
			u.RawQuery = q.Encode()
		}
	}
	return u.String()
}
