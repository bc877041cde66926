package ds

import (
	"fmt"

	"github.com/dstail/dstail/internal/jsonarray"
	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
)

// maxOffsetLen bounds a server-given offset or cursor. The protocol suggests
// servers stay under 256 characters; anything near this limit is not an
// offset but a server filling our state files, request URLs and notices.
const maxOffsetLen = 4 << 10

// checkOffset refuses an offset or cursor too long to be one; what names
// the header or field it came from.
func (r *streamReader) checkOffset(what, value string) error {
	if len(value) <= maxOffsetLen {
		return nil
	}
	return &transport.ProtocolError{What: r.what, Msg: fmt.Sprintf("%s of %d bytes, over the %d-byte limit (not a Durable Streams offset), starting %q", what, len(value), maxOffsetLen, sanitize.Head(value))}
}

// pendingError stops a connection whose data events outgrow --max-buffer
// without a control event to commit them. Reconnecting would ask for the
// same data again, so it is not retried.
func (r *streamReader) pendingError(pending int) error {
	return &transport.ProtocolError{What: r.what, Msg: fmt.Sprintf("more than %d bytes of data events without a control event (%d so far; raise --max-buffer)", r.opts.MaxBuffer, pending)}
}

// Failures of a catch-up body as the array reader reports them.
var (
	errBodyTooLarge = jsonarray.ErrTooLarge
	errInvalidBatch = jsonarray.ErrInvalid
)
