package ds

import (
	"time"

	"github.com/dstail/dstail/feed"
)

// quickAnswer is how fast an answer without progress must come to count as
// idle: the reference servers hold a long-poll for 30 s, a healthy SSE
// connection stays open, and a catch-up read either moves the offset or
// reaches the tail. A server that answers faster than this with nothing new,
// again and again, would otherwise be asked again at once, forever.
const quickAnswer = time.Second

// mark is what an attempt can move: the offset, the catch-up and the end.
type mark struct {
	offset   string
	caughtUp bool
	closed   bool
	mode     LiveMode // a switch to long-poll is a change worth trying at once
}

func (r *streamReader) mark() mark {
	return mark{offset: r.offset, caughtUp: r.caughtUp, closed: r.closed, mode: r.mode}
}

// idleAnswer reports an attempt that ended cleanly, moved nothing and came
// back faster than any sane hold. The first one in a row is noted once; the
// caller waits by the backoff, which only progress resets.
func (r *streamReader) idleAnswer(before mark, started time.Time) bool {
	if r.mark() != before || time.Since(started) >= quickAnswer {
		r.idle = false
		return false
	}
	if !r.idle {
		r.idle = true
		phase := feed.PhaseCatchingUp
		if r.caughtUp {
			phase = feed.PhaseLive
		}
		r.report(feed.State{Phase: phase, Mode: r.modeName(), Offset: r.offset,
			Note: "the server answers at once with nothing new; asking less often until data arrives"})
	}
	return true
}
