package ds

import (
	"bytes"
	"context"
	"encoding/base64"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"mime"
	"net/http"
	"strings"

	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
	"github.com/dstail/dstail/transport/sse"
)

// control is the JSON of an SSE "control" event, the commit point of the
// data events before it.
type control struct {
	StreamNextOffset string `json:"streamNextOffset"`
	StreamCursor     string `json:"streamCursor"`
	UpToDate         bool   `json:"upToDate"`
	StreamClosed     bool   `json:"streamClosed"`
}

// sse follows the stream over one SSE response. Data events are held until
// their control event; if the connection ends first they are dropped and the
// next attempt asks for them again from the last committed offset.
func (r *streamReader) sse(ctx context.Context) (bool, error) {
	req, err := r.newRequest(ctx, http.MethodGet, r.query(false, "sse"))
	if err != nil {
		return false, err
	}
	req.Header.Set("Accept", "text/event-stream")
	resp, cancel, err := transport.DoTimed(ctx, r.hc, req, r.opts.IdleTimeout)
	if err != nil {
		return false, err
	}
	r.connected = true
	defer cancel(nil)
	defer resp.Body.Close()
	if resp.StatusCode != http.StatusOK {
		return false, r.statusError(ctx, resp)
	}
	if mt, _, _ := mime.ParseMediaType(resp.Header.Get("Content-Type")); mt != "text/event-stream" {
		return false, &transport.ProtocolError{What: r.what, Msg: fmt.Sprintf("expected an event stream, got content type %q", sanitize.ShortForm(resp.Header.Get("Content-Type")))}
	}
	b64 := strings.EqualFold(resp.Header.Get("Stream-Sse-Data-Encoding"), "base64")
	body := transport.NewWatchdog(resp.Body, r.opts.IdleTimeout, cancel)
	defer body.Close()

	healthy := false
	var pieces [][]byte
	pending := 0 // bytes of pieces, held until their control event
	events := sse.NewReader(body, r.opts.MaxEventSize)
	for {
		ev, err := events.Next()
		if err == io.EOF {
			break
		}
		if errors.Is(err, sse.ErrTooLong) {
			// The same event would come back on every reconnect.
			return healthy, &transport.ProtocolError{What: r.what, Msg: fmt.Sprintf("event larger than %d bytes (raise --max-event-size)", r.opts.MaxEventSize)}
		}
		if err != nil {
			return healthy, fmt.Errorf("reading %s: %w", r.what, err)
		}
		switch ev.Type {
		case "data":
			piece, err := decodePiece(ev.Data, b64)
			if err != nil {
				return healthy, &transport.ProtocolError{What: r.what, Msg: err.Error()}
			}
			if pending += len(piece); pending > r.opts.MaxBuffer {
				return healthy, r.pendingError(pending)
			}
			pieces = append(pieces, piece)
		case "control":
			var c control
			if err := json.Unmarshal(ev.Data, &c); err != nil || c.StreamNextOffset == "" {
				return healthy, &transport.ProtocolError{What: r.what, Msg: fmt.Sprintf("malformed control event %q", truncate(string(ev.Data), 120))}
			}
			next, err := r.nextOffset(http.Header{"Stream-Next-Offset": {c.StreamNextOffset}, "Stream-Cursor": {c.StreamCursor}})
			if err != nil {
				return healthy, err
			}
			if skip, err := r.backwards(ctx, next, pieces); err != nil {
				return healthy, err
			} else if skip {
				// The server goes on from the stale offset and would send
				// again what we have: reconnect from ours.
				return true, nil
			}
			if c.StreamCursor != "" {
				r.cursor = c.StreamCursor
			}
			if err := r.deliver(next, pieces, c.UpToDate, c.StreamClosed); err != nil {
				return healthy, err
			}
			pieces, pending, healthy = nil, 0, true
			if c.StreamClosed {
				return true, nil
			}
		}
	}
	return healthy, ctx.Err()
}

// decodePiece copies a data event's bytes (the reader reuses them).
func decodePiece(data []byte, b64 bool) ([]byte, error) {
	if !b64 {
		return bytes.Clone(data), nil
	}
	clean := strings.NewReplacer("\r", "", "\n", "").Replace(string(data))
	if len(clean)%4 != 0 {
		return nil, fmt.Errorf("base64 data event of length %d is not a multiple of 4", len(clean))
	}
	return base64.StdEncoding.DecodeString(clean)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n] + "…"
}
