package ds

import (
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"strings"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
)

// get performs one catch-up or long-poll read and hands its batch on.
func (r *streamReader) get(ctx context.Context, longPoll bool) (bool, error) {
	req, err := r.newRequest(ctx, http.MethodGet, r.query(longPoll, ""))
	if err != nil {
		return false, err
	}
	headerWait := r.opts.IdleTimeout
	if longPoll {
		headerWait = max(headerWait, longPollHold) + 10*time.Second
	}
	resp, cancel, err := transport.DoTimed(ctx, r.hc, req, headerWait)
	if err != nil {
		return false, err
	}
	r.connected = true
	defer cancel(nil)
	defer resp.Body.Close()

	switch resp.StatusCode {
	case http.StatusOK, http.StatusNoContent:
	case http.StatusNotModified:
		return true, nil
	default:
		return false, r.statusError(ctx, resp)
	}
	next, err := r.nextOffset(resp.Header)
	if err != nil {
		return false, err
	}
	if !r.kindSet {
		r.kind, r.kindSet = feed.KindOf(resp.Header.Get("Content-Type")), true
		r.textOverSSE = isPlainText(resp.Header.Get("Content-Type"))
		r.framer = newFramer(r.kind, r.opts.From)
		r.framer.limit = r.opts.MaxEventSize
	}
	upToDate := resp.Header.Get("Stream-Up-To-Date") != ""
	closed := strings.EqualFold(resp.Header.Get("Stream-Closed"), "true")
	if resp.StatusCode == http.StatusOK && !r.isBehind(next) {
		if c := resp.Header.Get("Stream-Cursor"); c != "" {
			r.cursor = c
		}
		body := transport.NewWatchdog(resp.Body, r.opts.IdleTimeout, cancel)
		if r.kind == feed.KindJSON {
			return r.streamJSON(body, next, upToDate, closed)
		}
		return r.streamBody(body, next, upToDate, closed)
	}
	var pieces [][]byte
	if resp.StatusCode == http.StatusOK {
		// Behind our offset: the answer is never handed on, backwards
		// only needs to know whether it carries data.
		body := transport.NewWatchdog(resp.Body, r.opts.IdleTimeout, cancel)
		data, err := io.ReadAll(io.LimitReader(body, behindPeek))
		if err != nil {
			return false, fmt.Errorf("reading %s: %w", r.what, err)
		}
		pieces = [][]byte{data}
	}
	if skip, err := r.backwards(ctx, next, pieces); err != nil || skip {
		return skip, err
	}
	if c := resp.Header.Get("Stream-Cursor"); c != "" {
		r.cursor = c
	}
	if err := r.deliver(next, pieces, upToDate, closed); err != nil {
		return false, err
	}
	return true, nil
}

// behindPeek is how much of an answer below our offset is read: enough
// to tell data from an empty batch.
const behindPeek = 64 << 10

// deliver frames what arrived between r.offset and next and hands it on.
func (r *streamReader) deliver(next string, pieces [][]byte, upToDate, closed bool) error {
	msgs, err := r.framer.feed(r.offset, next, pieces)
	if errors.Is(err, errBodyTooLarge) {
		return r.bodyError(err)
	}
	if err != nil {
		return &transport.ProtocolError{What: r.what, Msg: err.Error()}
	}
	if closed {
		msgs = append(msgs, r.framer.flush(next)...)
	}
	return r.finish(next, msgs, upToDate, closed)
}

// finish hands on the batch that completes a response (or control event)
// and moves the read offset to next.
func (r *streamReader) finish(next string, msgs []feed.Message, upToDate, closed bool) error {
	b := &feed.Batch{Kind: r.kind, Offset: next, Messages: msgs, After: r.framer.after, UpToDate: upToDate || closed, Closed: closed}
	if err := r.onBatch(b); err != nil {
		return transport.HandlerError{Err: err}
	}
	r.offset = next
	if closed {
		r.closed = true
		return nil
	}
	if upToDate && !r.caughtUp {
		r.caughtUp = true
	}
	if upToDate || r.phase != feed.PhaseCatchingUp {
		phase := feed.PhaseLive
		if !upToDate {
			phase = feed.PhaseCatchingUp
		}
		r.report(feed.State{Phase: phase, Mode: r.modeName(), Offset: next})
	}
	return nil
}

// nextOffset insists on Stream-Next-Offset: without it the only guess would be
// a restart from the beginning, which repeats everything.
func (r *streamReader) nextOffset(h http.Header) (string, error) {
	next := h.Get("Stream-Next-Offset")
	if next == "" {
		return "", &transport.ProtocolError{What: r.what, Msg: "response has no Stream-Next-Offset header (not a Durable Streams server?)"}
	}
	if err := r.checkOffset("Stream-Next-Offset", next); err != nil {
		return "", err
	}
	if err := r.checkOffset("Stream-Cursor", h.Get("Stream-Cursor")); err != nil {
		return "", err
	}
	return next, nil
}

// isBehind reports a next offset below the one asked for.
func (r *streamReader) isBehind(next string) bool {
	return r.offset != "-1" && r.offset != "now" && next < r.offset
}

func (r *streamReader) query(longPoll bool, live string) string {
	q := r.url.Query()
	q.Set("offset", r.offset)
	if longPoll {
		live = "long-poll"
	}
	if live != "" {
		q.Set("live", live)
		if r.cursor != "" {
			q.Set("cursor", r.cursor)
		}
	}
	return q.Encode()
}

func (r *streamReader) newRequest(ctx context.Context, method, rawQuery string) (*http.Request, error) {
	u := *r.url
	u.RawQuery = rawQuery
	req, err := http.NewRequestWithContext(ctx, method, u.String(), nil)
	if err != nil {
		return nil, err
	}
	for k, vs := range r.opts.Header {
		req.Header[k] = vs
	}
	return req, nil
}

// statusError classifies a failed read. A 410 is probed with HEAD to tell a
// deleted stream from an offset that fell out of retention.
func (r *streamReader) statusError(ctx context.Context, resp *http.Response) error {
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	se := &transport.StatusError{What: r.what, Status: resp.StatusCode, RetryAfter: transport.RetryAfter(resp.Header, time.Now())}
	if resp.StatusCode == http.StatusGone {
		if req, err := r.newRequest(ctx, http.MethodHead, r.url.RawQuery); err == nil {
			if head, cancel, err := transport.DoTimed(ctx, r.hc, req, r.opts.IdleTimeout); err == nil {
				head.Body.Close()
				cancel(nil)
				if head.StatusCode == http.StatusOK {
					se.What = fmt.Sprintf("%s at offset %s (older than the data the server keeps)", r.what, sanitize.ShortForm(r.offset))
				}
			}
		}
	}
	return se
}
