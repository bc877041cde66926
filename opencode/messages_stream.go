package opencode

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"math"
	"net/http"
	"net/url"
	"sync"
	"time"

	"github.com/dstail/dstail/internal/jsonarray"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

// maxListedMessage bounds one message (with its parts) of a streamed
// message list: the list itself may be of any length.
const maxListedMessage = maxRESTBody

// EachMessage reads GET /session/ID/message and hands each message to fn
// as soon as it is decoded, so that a long session is never held whole:
// memory is the messages read ahead (listReadAhead) plus the decoder's
// buffer. An answer that turns out malformed part way fails after the
// messages before the fault were handed on. An error from fn ends the read
// and is returned as it is.
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
	bad := func(err error) error {
		var syntax *json.SyntaxError
		var broken *readFailure
		switch {
		case errors.Is(context.Cause(ctx), context.DeadlineExceeded):
			return fmt.Errorf("%s: no message for %s: %w", what, a.timeout, context.DeadlineExceeded)
		case errors.As(err, &broken): // the connection's failure, retried: not the JSON's
			return fmt.Errorf("%s: %w", what, broken.err)
		case errors.Is(err, jsonarray.ErrTooLarge):
			return &transport.ProtocolError{What: what, Msg: "a message is too large"}
		case errors.Is(err, jsonarray.ErrInvalid), errors.As(err, &syntax), errors.Is(err, io.ErrUnexpectedEOF), errors.Is(err, io.EOF):
			return &transport.ProtocolError{What: what, Msg: "answer is not JSON (" + contentKind(resp) + ")"}
		case errors.Is(err, errNotList):
			return &transport.ProtocolError{What: "messages", Msg: "reconcile: bad message list: not a list"}
		}
		return &transport.ProtocolError{What: "messages", Msg: "reconcile: bad message list: " + err.Error()}
	}
	body, err := listBody(resp.Body, a.maxMessage)
	if err != nil {
		return bad(err)
	}
	// The list is read, checked and split in a goroutine of its own while
	// fn merges and writes the messages before: a server sends a long list
	// in one burst at its end, and the two halves of the work then run on
	// two cores instead of one after the other.
	messages := make(chan listed, 64)
	ahead := newByteBudget(listReadAhead)
	done := make(chan struct{})
	var wg sync.WaitGroup
	wg.Go(func() {
		defer close(messages)
		list := jsonarray.NewReader(body, int(min(a.maxMessage, math.MaxInt32)))
		for {
			elem, err := list.Next()
			if err == io.EOF {
				return
			}
			var m listed
			if err != nil {
				m.err = bad(body.failed(err))
			} else if m.wm, err = reconcile.SplitListed(elem, id); err != nil { // keeps none of elem, which the reader reuses
				m.err = bad(err)
			} else if !stall.Stop() { // the wait for fn below is not the server's
				m.err = fmt.Errorf("%s: %w", what, context.Cause(ctx))
			} else if m.size = len(elem); ahead.take(ctx, m.size) != nil {
				m.err = fmt.Errorf("%s: %w", what, context.Cause(ctx))
			}
			select {
			case messages <- m:
			case <-done:
				return
			}
			if m.err != nil {
				return
			}
			stall.Reset(a.timeout)
		}
	})
	defer func() { // before the body closes: the reader is out of it first
		close(done)
		cancel(nil)
		wg.Wait()
	}()
	for m := range messages {
		if m.err != nil {
			return m.err
		}
		err := fn(m.wm)
		ahead.give(m.size)
		if err != nil {
			return err
		}
	}
	return nil
}

// listReadAhead bounds the messages read ahead of fn (one larger than it
// still passes, alone).
const listReadAhead = 1 << 20

// listed is one message of a list, or the error that ended the list.
type listed struct {
	wm   reconcile.WireMessage
	size int
	err  error
}

var errNotList = errors.New("not a list")

// readFailure is a failure of the connection under the JSON reader.
type readFailure struct{ err error }

func (r *readFailure) Error() string { return r.err.Error() }

// listReader is the body of a message list, with the failures of the
// connection told apart from those of the JSON.
type listReader struct {
	io.Reader
	readErr error
}

func (l *listReader) Read(p []byte) (int, error) {
	n, err := l.Reader.Read(p)
	if err != nil && err != io.EOF {
		l.readErr = err
	}
	return n, err
}

// failed names a failure of the connection as one.
func (l *listReader) failed(err error) error {
	if l.readErr != nil {
		return &readFailure{l.readErr}
	}
	return err
}

// listBody checks that a body is a JSON array, reading up to its first
// significant byte: an answer that is something else (an error object,
// null, a login page) is judged whole, as encoding/json would judge it,
// within limit.
func listBody(r io.Reader, limit int64) (*listReader, error) {
	body := &listReader{Reader: r}
	var head []byte
	buf := make([]byte, 512)
	for {
		n, err := body.Read(buf)
		head = append(head, buf[:n]...)
		if rest := bytes.TrimLeft(head, " \t\r\n"); len(rest) > 0 {
			body.Reader = io.MultiReader(bytes.NewReader(head), r)
			if rest[0] == '[' {
				return body, nil
			}
			whole, err := io.ReadAll(io.LimitReader(body, limit))
			switch {
			case body.readErr != nil || err != nil:
				return nil, body.failed(err)
			case json.Valid(whole):
				return nil, errNotList
			}
			return nil, jsonarray.ErrInvalid
		}
		if err == io.EOF {
			return nil, io.EOF
		}
		if err != nil {
			return nil, body.failed(err)
		}
	}
}
