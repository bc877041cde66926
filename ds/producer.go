package ds

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/transport"
)

// The write side of the protocol, for a relay: create a JSON stream, append
// batches of JSON messages exactly once, close it, and read back what it
// holds.

// Errors an append can end with besides transport errors. Each means the
// writer's picture of the stream is wrong; none is retried.
var (
	// ErrStaleEpoch: a writer with a newer Producer-Epoch took the stream
	// over (403). This writer must stop.
	ErrStaleEpoch = errors.New("another writer took the stream over (newer producer epoch)")
	// ErrSeqGap: the server expected another Producer-Seq (409 with
	// Producer-Expected-Seq), so it lost or never saw requests of this
	// writer. Reading the tail again and starting a new epoch recovers.
	ErrSeqGap = errors.New("producer sequence gap")
	// ErrStreamSeq: the stream already holds a batch at or past this
	// Stream-Seq (409): someone else appended. Reading the tail again
	// recovers.
	ErrStreamSeq = errors.New("the stream already holds this batch (Stream-Seq conflict)")
	// ErrClosed: the stream is closed; nothing more can be appended.
	ErrClosed = errors.New("stream closed")
)

// ProducerOptions configure a Producer.
type ProducerOptions struct {
	URL    string      // the stream URL
	Header http.Header // sent with every request (auth)
	HTTP   *http.Client
	// ID is the Producer-Id, stable across restarts of the writer.
	ID string
	// Epoch is the Producer-Epoch. A restarted writer must use a higher one
	// than the last: NewEpoch gives one from the clock.
	Epoch      int64
	MaxRetries int               // consecutive failures of one request before giving up; 0 retries forever
	Backoff    transport.Backoff // DefaultBackoff() when zero
}

// NewEpoch is a Producer-Epoch above any an earlier writer on this clock
// used: milliseconds since 2020, far below 2^53 so JSON servers keep it
// exact.
func NewEpoch() int64 {
	return time.Since(time.Date(2020, 1, 1, 0, 0, 0, 0, time.UTC)).Milliseconds()
}

// Producer appends to one stream. Appends carry the idempotent producer
// headers (a retried request is stored once) and a Stream-Seq that is the
// number of messages the stream held before the batch, zero-padded, so a
// writer that re-sends a batch the stream already has is refused. It is
// not safe for concurrent use.
type Producer struct {
	o     ProducerOptions
	url   *url.URL
	what  string
	hc    *http.Client
	seq   int64 // the next Producer-Seq
	count int64 // messages the stream holds
	// Requests counts the append requests sent, retries included.
	Requests int64
}

// NewProducer checks the URL; nothing is sent.
func NewProducer(o ProducerOptions) (*Producer, error) {
	u, err := transport.ParseURL(o.URL, "stream")
	if err != nil {
		return nil, err
	}
	if o.Backoff.Initial == 0 && o.Backoff.Max == 0 {
		o.Backoff = transport.DefaultBackoff()
	}
	return &Producer{o: o, url: u, what: "stream " + transport.RedactedURL(u), hc: transport.ClientOr(o.HTTP)}, nil
}

// What names the stream in errors, its URL redacted.
func (p *Producer) What() string { return p.what }

// Count is how many messages the stream holds, as far as this writer knows.
func (p *Producer) Count() int64 { return p.count }

// Create makes the stream as application/json, or accepts the one there
// is. A stream of another type is an error.
func (p *Producer) Create(ctx context.Context) error {
	resp, err := p.send(ctx, http.MethodPut, nil, nil)
	if err != nil {
		return err
	}
	switch resp.StatusCode {
	case http.StatusOK, http.StatusCreated:
		return nil
	case http.StatusConflict:
		// A closed stream answers a plain PUT with 409 too; Tail says it is closed.
		head, err := p.send(ctx, http.MethodHead, nil, nil)
		if err == nil && head.StatusCode == http.StatusOK && head.Header.Get("Stream-Closed") == "true" &&
			strings.HasPrefix(head.Header.Get("Content-Type"), "application/json") {
			return nil
		}
		return fmt.Errorf("%s exists with another content type or configuration; relay to a new stream", p.what)
	}
	return p.statusError(resp)
}

// Tail reads the whole stream once and hands every message to each, in
// order (msg is valid only during the call). It sets the writer's count
// from what the stream holds and reports whether the stream is closed.
func (p *Producer) Tail(ctx context.Context, each func(msg []byte) error) (closed bool, err error) {
	var n int64
	opts := StreamOptions{
		URL: p.o.URL, Header: p.o.Header, HTTP: p.hc, From: feed.Position{Offset: "-1"}, Live: LiveOff,
		MaxRetries: p.o.MaxRetries, Backoff: p.o.Backoff,
		OnState: func(s feed.State) { closed = closed || s.Phase == feed.PhaseClosed },
	}
	err = ReadStream(ctx, opts, func(b *feed.Batch) error {
		if b.Kind != feed.KindJSON {
			return fmt.Errorf("%s is not a JSON stream", p.what)
		}
		for _, m := range b.Messages {
			n++
			if err := each(m.Data); err != nil {
				return err
			}
		}
		return nil
	})
	if err != nil {
		return false, err
	}
	p.count = n
	return closed, nil
}

// Append stores msgs (each one JSON value) as one batch, exactly once:
// transient failures are retried with the same producer headers, which the
// server answers with 204 if the first attempt was stored after all.
func (p *Producer) Append(ctx context.Context, msgs [][]byte) error {
	if len(msgs) == 0 {
		return nil
	}
	body := make([]byte, 0, 64)
	body = append(body, '[')
	for i, m := range msgs {
		if i > 0 {
			body = append(body, ',')
		}
		body = append(body, m...)
	}
	body = append(body, ']')
	h := http.Header{}
	h.Set("Producer-Id", p.o.ID)
	h.Set("Producer-Epoch", strconv.FormatInt(p.o.Epoch, 10))
	h.Set("Producer-Seq", strconv.FormatInt(p.seq, 10))
	h.Set("Stream-Seq", fmt.Sprintf("%020d", p.count))
	if err := p.retry(ctx, http.MethodPost, body, h); err != nil {
		return err
	}
	p.seq++
	p.count += int64(len(msgs))
	return nil
}

// Close closes the stream; a stream already closed is no error.
func (p *Producer) Close(ctx context.Context) error {
	h := http.Header{}
	h.Set("Stream-Closed", "true")
	return p.retry(ctx, http.MethodPost, nil, h)
}

// retry sends one request until it is answered for good.
func (p *Producer) retry(ctx context.Context, method string, body []byte, h http.Header) error {
	backoff := p.o.Backoff
	for failures := 1; ; failures++ {
		p.Requests++
		resp, err := p.send(ctx, method, body, h)
		if err == nil {
			err = p.answer(resp, h.Get("Stream-Closed") == "true")
			if err == nil {
				return nil
			}
		}
		if ctx.Err() != nil {
			return ctx.Err()
		}
		if transport.Permanent(err) || errors.Is(err, ErrStaleEpoch) || errors.Is(err, ErrSeqGap) ||
			errors.Is(err, ErrStreamSeq) || errors.Is(err, ErrClosed) {
			return err
		}
		if p.o.MaxRetries > 0 && failures >= p.o.MaxRetries {
			return fmt.Errorf("%w after %d attempts: %w", transport.ErrNoProgress, failures, err)
		}
		if err := transport.Sleep(ctx, backoff.Next(transport.RetryAfterOf(err))); err != nil {
			return err
		}
	}
}

// answer maps an append's response to nil or an error.
func (p *Producer) answer(resp *http.Response, closing bool) error {
	h := resp.Header
	switch {
	case resp.StatusCode == http.StatusOK || resp.StatusCode == http.StatusNoContent:
		return nil
	case resp.StatusCode == http.StatusForbidden && h.Get("Producer-Epoch") != "":
		return fmt.Errorf("%s: %w (epoch %s, ours %d)", p.what, ErrStaleEpoch, h.Get("Producer-Epoch"), p.o.Epoch)
	case resp.StatusCode == http.StatusConflict && h.Get("Stream-Closed") == "true" && !closing:
		return fmt.Errorf("%s: %w", p.what, ErrClosed)
	case resp.StatusCode == http.StatusConflict && h.Get("Producer-Expected-Seq") != "":
		return fmt.Errorf("%s: %w (server expected %s, sent %s)", p.what, ErrSeqGap, h.Get("Producer-Expected-Seq"), h.Get("Producer-Received-Seq"))
	case resp.StatusCode == http.StatusConflict:
		return fmt.Errorf("%s: %w", p.what, ErrStreamSeq)
	}
	return p.statusError(resp)
}

func (p *Producer) statusError(resp *http.Response) error {
	return &transport.StatusError{What: p.what, Status: resp.StatusCode, RetryAfter: transport.RetryAfter(resp.Header, time.Now())}
}

// send makes one request and drains its body; the header stays readable.
func (p *Producer) send(ctx context.Context, method string, body []byte, extra http.Header) (*http.Response, error) {
	var rd io.Reader
	if body != nil {
		rd = bytes.NewReader(body)
	}
	req, err := http.NewRequestWithContext(ctx, method, p.url.String(), rd)
	if err != nil {
		return nil, err
	}
	for k, vs := range p.o.Header {
		req.Header[k] = vs
	}
	for k, vs := range extra {
		req.Header[k] = vs
	}
	req.Header.Set("Content-Type", "application/json")
	resp, cancel, err := transport.DoTimed(ctx, p.hc, req, 30*time.Second)
	if err != nil {
		return nil, err
	}
	defer cancel(nil)
	_, _ = io.Copy(io.Discard, io.LimitReader(resp.Body, 64<<10))
	resp.Body.Close()
	return resp, nil
}
