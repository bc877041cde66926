package opencode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/dstail/dstail/transport"
)

// OpenCodeAPI is the REST side of an OpenCode server: what a tailer needs to
// rebuild a session's state after a gap.
type OpenCodeAPI struct {
	base    *url.URL
	hc      *http.Client
	header  http.Header
	timeout time.Duration
	// maxMessage bounds one message of a streamed message list
	// (EachMessage); maxListedMessage unless a test says otherwise.
	maxMessage int64
}

// ErrNoHistory means the server has no POST /sync/history (older servers).
var ErrNoHistory = errors.New("server has no sync history")

// maxRESTBody bounds one REST answer; a long session's messages fit easily.
const maxRESTBody = 512 << 20

// NewOpenCodeAPI talks to the server at base with header (auth) on every call.
func NewOpenCodeAPI(base *url.URL, hc *http.Client, header http.Header, timeout time.Duration) *OpenCodeAPI {
	if timeout <= 0 {
		timeout = 30 * time.Second
	}
	return &OpenCodeAPI{base: base, hc: hc, header: header, timeout: timeout, maxMessage: maxListedMessage}
}

// Session is GET /session/ID.
func (a *OpenCodeAPI) Session(ctx context.Context, id string) ([]byte, error) {
	return a.call(ctx, http.MethodGet, "/session/"+url.PathEscape(id), nil, nil, "session "+id)
}

// Status is GET /session/status for the instance of dir.
func (a *OpenCodeAPI) Status(ctx context.Context, dir string) ([]byte, error) {
	return a.call(ctx, http.MethodGet, "/session/status", dirQuery(dir), nil, "session status")
}

// Permissions is GET /permission for the instance of dir.
func (a *OpenCodeAPI) Permissions(ctx context.Context, dir string) ([]byte, error) {
	return a.call(ctx, http.MethodGet, "/permission", dirQuery(dir), nil, "permissions")
}

// Questions is GET /question for the instance of dir.
func (a *OpenCodeAPI) Questions(ctx context.Context, dir string) ([]byte, error) {
	return a.call(ctx, http.MethodGet, "/question", dirQuery(dir), nil, "questions")
}

// History is POST /sync/history with the last seq of every session listed;
// sessions not listed would come back whole, so list all you follow.
func (a *OpenCodeAPI) History(ctx context.Context, lastSeq map[string]int64, dir string) ([]byte, error) {
	body, _ := json.Marshal(lastSeq)
	out, err := a.call(ctx, http.MethodPost, "/sync/history", dirQuery(dir), body, "sync history")
	var se *transport.StatusError
	if errors.As(err, &se) && se.Status == http.StatusNotFound {
		return nil, ErrNoHistory
	}
	return out, err
}

// SessionIDs lists the sessions the server knows, across directories where
// it can (GET /experimental/session), else those of dir; nil if neither
// answers. It only narrows /sync/history, so failures are not errors.
func (a *OpenCodeAPI) SessionIDs(ctx context.Context, dir string) []string {
	body, err := a.call(ctx, http.MethodGet, "/experimental/session", nil, nil, "sessions")
	if err != nil {
		if body, err = a.call(ctx, http.MethodGet, "/session", dirQuery(dir), nil, "sessions"); err != nil {
			return nil
		}
	}
	var list []struct {
		ID string `json:"id"`
	}
	if json.Unmarshal(body, &list) != nil {
		return nil
	}
	ids := make([]string, 0, len(list))
	for _, s := range list {
		if s.ID != "" {
			ids = append(ids, s.ID)
		}
	}
	return ids
}

// Server is the server's URL without credentials, for messages.
func (a *OpenCodeAPI) Server() string { return transport.RedactedURL(a.base) }

func dirQuery(dir string) url.Values {
	if dir == "" {
		return nil
	}
	return url.Values{"directory": {dir}}
}

func (a *OpenCodeAPI) endpoint(path string, q url.Values) string {
	u := *a.base
	u.User = nil
	u.Path = a.base.Path + path
	u.RawPath = ""
	u.RawQuery = q.Encode()
	return u.String()
}

// call makes one request with a deadline covering headers and body: REST
// answers are small and a hung server (as during start-up) must not stall.
func (a *OpenCodeAPI) call(ctx context.Context, method, path string, q url.Values, body []byte, what string) ([]byte, error) {
	return a.callLimit(ctx, method, path, q, body, what, maxRESTBody)
}

// callLimit is call with an answer of at most limit bytes.
func (a *OpenCodeAPI) callLimit(ctx context.Context, method, path string, q url.Values, body []byte, what string, limit int) ([]byte, error) {
	ctx, cancel := context.WithTimeout(ctx, a.timeout)
	defer cancel()
	resp, err := a.send(ctx, method, path, q, body, what)
	if err != nil || resp == nil {
		return nil, err
	}
	defer resp.Body.Close()
	data, err := io.ReadAll(io.LimitReader(resp.Body, int64(limit)+1))
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if len(data) > limit {
		return nil, &transport.ProtocolError{What: what, Msg: "answer too large"}
	}
	if !json.Valid(data) {
		return nil, &transport.ProtocolError{What: what, Msg: "answer is not JSON (" + contentKind(resp) + ")"}
	}
	return data, nil
}

// send makes one request and returns the response of a 200 answer for the
// caller to read and close; nil for a 204; a StatusError for the rest.
func (a *OpenCodeAPI) send(ctx context.Context, method, path string, q url.Values, body []byte, what string) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, a.endpoint(path, q), rd)
	if err != nil {
		return nil, err
	}
	for k, vs := range a.header {
		req.Header[k] = vs
	}
	if body != nil {
		req.Header.Set("Content-Type", "application/json")
	}
	req.Header.Set("Accept", "application/json")
	resp, err := a.hc.Do(req)
	if err != nil {
		return nil, fmt.Errorf("%s: %w", what, err)
	}
	if resp.StatusCode == http.StatusNoContent {
		resp.Body.Close()
		return nil, nil // prompt_async: accepted, nothing to say
	}
	if resp.StatusCode != http.StatusOK {
		defer resp.Body.Close()
		body, _ := io.ReadAll(io.LimitReader(resp.Body, 64<<10))
		return nil, &transport.StatusError{What: what, Status: resp.StatusCode,
			RetryAfter: transport.RetryAfter(resp.Header, time.Now()), Detail: refusal(req, resp.StatusCode, body)}
	}
	return resp, nil
}

func contentKind(resp *http.Response) string {
	if ct := resp.Header.Get("Content-Type"); ct != "" {
		return "content type " + ct
	}
	return "no content type"
}
