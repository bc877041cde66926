package opencode

import (
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"time"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// maxListedMessage bounds one message (with its parts) of a streamed
// message list: the list itself may be of any length.
const maxListedMessage = maxRESTBody

// EachMessage reads GET /session/ID/message and hands each message to fn
// as soon as it is decoded, so that a long session is never held whole:
// memory is one message plus the decoder's buffer. An answer that turns out
// malformed part way fails after the messages before the fault were handed
// on. An error from fn ends the read and is returned as it is.
//
// The timeout is the longest wait for the headers or for the next message,
// not for the whole list: a long list read into a slow pipe takes as long as
// the pipe does, and the time fn takes does not count.
func (a *OpenCodeAPI) EachMessage(ctx context.Context, id string, fn func(reconcile.WireMessage) error) error {
	what := "messages of " + id
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	stall := time.AfterFunc(a.timeout, func() { cancel(context.DeadlineExceeded) })
	defer stall.Stop()
	resp, err := a.send(ctx, http.MethodGet, "/session/"+url.PathEscape(id)+"/message", nil, nil, what)
	if err != nil {
		return err
	}
	if resp == nil {
		return &transport.ProtocolError{What: what, Msg: "answer is not JSON (no content)"}
	}
	defer resp.Body.Close()
	body := &elementLimit{r: resp.Body, limit: a.maxMessage}
	body.allowed = body.limit
	dec := json.NewDecoder(body)
	bad := func(err error) error {
		var syntax *json.SyntaxError
		switch {
		case errors.Is(context.Cause(ctx), context.DeadlineExceeded):
			return fmt.Errorf("%s: no message for %s: %w", what, a.timeout, context.DeadlineExceeded)
		case errors.Is(err, errMessageTooLarge):
			return &transport.ProtocolError{What: what, Msg: "a message is too large"}
		case body.readErr != nil:
			return fmt.Errorf("%s: %w", what, body.readErr)
		case errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return &transport.ProtocolError{What: what, Msg: "answer is not JSON (" + contentKind(resp) + ")"}
		}
		return &transport.ProtocolError{What: "messages", Msg: "reconcile: bad message list: " + err.Error()}
	}
	if tok, err := dec.Token(); err != nil {
		return bad(err)
	} else if tok != json.Delim('[') {
		return &transport.ProtocolError{What: "messages", Msg: fmt.Sprintf("reconcile: bad message list: %v", tok)}
	}
	for dec.More() {
		var wm reconcile.WireMessage
		if err := dec.Decode(&wm); err != nil {
			return bad(err)
		}
		body.allowed = dec.InputOffset() + body.limit
		if !stall.Stop() {
			return fmt.Errorf("%s: %w", what, context.Cause(ctx))
		}
		if err := fn(wm); err != nil {
			return err
		}
		stall.Reset(a.timeout)
	}
	if _, err := dec.Token(); err != nil { // the closing bracket
		return bad(err)
	}
	if _, err := dec.Token(); err != io.EOF {
		if err == nil {
			err = errors.New("data after the list")
		}
		return bad(err)
	}
	return nil
}

var errMessageTooLarge = errors.New("message too large")

// elementLimit reads at most limit bytes past the end of the last element
// decoded (allowed is moved on after each), so one element larger than the
// limit fails instead of filling memory, and a list of any length passes.
type elementLimit struct {
	r       io.Reader
	read    int64
	allowed int64
	limit   int64
	readErr error // a failure of the connection, not of the JSON
}

func (l *elementLimit) Read(p []byte) (int, error) {
	if l.read >= l.allowed {
		return 0, errMessageTooLarge
	}
	if rest := l.allowed - l.read; int64(len(p)) > rest {
		p = p[:rest]
	}
	n, err := l.r.Read(p)
	l.read += int64(n)
	if err != nil && err != io.EOF {
		l.readErr = err
	}
	return n, err
}
