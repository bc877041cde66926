package opencode

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"

	"github.com/dstail/dstail/sanitize"
)

// The actions a watcher takes on a session: answer a permission or a
// question, abort the running turn, send a prompt. Each is one request to
// the instance of the session's directory; an answer the server refuses is
// a *transport.StatusError carrying the server's explanation.

// Permission replies, as OpenCode names them.
const (
	ReplyOnce   = "once"
	ReplyAlways = "always"
	ReplyReject = "reject"
)

// ReplyPermission answers permission request id with ReplyOnce,
// ReplyAlways or ReplyReject; message (may be "") tells the agent why.
func (a *OpenCodeAPI) ReplyPermission(ctx context.Context, dir, id, reply, message string) error {
	body := map[string]string{"reply": reply}
	if message != "" {
		body["message"] = message
	}
	return a.act(ctx, "/permission/"+url.PathEscape(id)+"/reply", dir, body, "permission "+id)
}

// ReplyQuestion answers question request id: one list of chosen labels (or
// free text) per question, in order.
func (a *OpenCodeAPI) ReplyQuestion(ctx context.Context, dir, id string, answers [][]string) error {
	return a.act(ctx, "/question/"+url.PathEscape(id)+"/reply", dir, map[string]any{"answers": answers}, "question "+id)
}

// RejectQuestion declines to answer question request id.
func (a *OpenCodeAPI) RejectQuestion(ctx context.Context, dir, id string) error {
	return a.act(ctx, "/question/"+url.PathEscape(id)+"/reject", dir, nil, "question "+id)
}

// Abort stops the running turn of session id.
func (a *OpenCodeAPI) Abort(ctx context.Context, dir, id string) error {
	return a.act(ctx, "/session/"+url.PathEscape(id)+"/abort", dir, nil, "abort of session "+id)
}

// Prompt sends text to session id as the user's next message; it returns
// once the server accepted it, before the turn starts.
func (a *OpenCodeAPI) Prompt(ctx context.Context, dir, id, text string) error {
	body := map[string]any{"parts": []map[string]string{{"type": "text", "text": text}}}
	return a.act(ctx, "/session/"+url.PathEscape(id)+"/prompt_async", dir, body, "prompt to session "+id)
}

func (a *OpenCodeAPI) act(ctx context.Context, path, dir string, body any, what string) error {
	var raw []byte
	if body != nil {
		raw, _ = json.Marshal(body)
	}
	_, err := a.call(ctx, http.MethodPost, path, dirQuery(dir), raw, what)
	return err
}

// refusal explains an answer other than 200: a 401 says whether a password
// was sent at all (the two need different fixes), anything else carries the
// server's own explanation.
func refusal(req *http.Request, status int, body []byte) string {
	if status == http.StatusUnauthorized {
		if req.Header.Get("Authorization") == "" {
			return "the server needs a password: give it with OPENCODE_SERVER_PASSWORD, --password-file FILE or -p -"
		}
		return "the server refused this user and password"
	}
	return errorMessage(body)
}

// errorMessage is the explanation in an OpenCode error answer
// ({"name":…,"data":{"message":…}}), sanitised and cut short; "" when
// there is none.
func errorMessage(body []byte) string {
	var e struct {
		Name string `json:"name"`
		Data struct {
			Message string `json:"message"`
		} `json:"data"`
		Message string `json:"message"`
	}
	if json.Unmarshal(body, &e) != nil {
		return ""
	}
	msg := e.Data.Message
	if msg == "" {
		msg = e.Message
	}
	if msg == "" {
		msg = e.Name
	}
	msg = sanitize.Line(msg)
	if r := []rune(msg); len(r) > 200 {
		msg = string(r[:199]) + "…"
	}
	return msg
}
