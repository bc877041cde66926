package app

import (
	"context"
	"sync"
	"time"

	"github.com/dstail/dstail/ds"
)

// relayStream is one stream's writer: the follow queues records, one
// goroutine appends whatever queued while the previous append was in
// flight (after Linger), so an idle session costs one request per event
// and a busy one a request per round trip.
type relayStream struct {
	rel       *relay
	p         *ds.Producer
	session   string
	announced string // the index line last written for it
	// overlap holds the records the stream ends with that carry no seq or
	// id, until the first record that is news (the follow's goroutine only).
	overlap map[string]bool

	mu      sync.Mutex
	wake    *sync.Cond
	queue   [][]byte
	queued  int
	closing bool // no more records: flush, then stop
	close   bool // and close the stream
	aborted bool
	err     error
	cancel  context.CancelFunc
}

// push queues records, waiting while the queue is full. It reports false
// once the stream takes no more (closed, failed).
func (rs *relayStream) push(recs [][]byte) bool {
	rs.mu.Lock()
	defer rs.mu.Unlock()
	for rs.queued > relayMaxQueue && rs.err == nil && !rs.aborted {
		rs.wake.Wait()
	}
	if rs.err != nil || rs.closing || rs.aborted {
		return false
	}
	for _, r := range recs {
		rs.queue = append(rs.queue, r)
		rs.queued += len(r)
	}
	rs.wake.Broadcast()
	return true
}

// finish stops taking records; the writer stores what is queued (and then
// closes the stream when close is set) and ends.
func (rs *relayStream) finish(close bool) {
	rs.mu.Lock()
	rs.closing = true
	rs.close = rs.close || close
	rs.wake.Broadcast()
	rs.mu.Unlock()
}

// abort ends the writer without storing the queue; the next relay reads
// the tail and sends it again.
func (rs *relayStream) abort() {
	rs.mu.Lock()
	rs.aborted = true
	if rs.cancel != nil {
		rs.cancel()
	}
	rs.wake.Broadcast()
	rs.mu.Unlock()
}

// write is the stream's goroutine.
func (rs *relayStream) write() {
	defer rs.rel.wg.Done()
	ctx, cancel := context.WithCancel(context.Background())
	defer cancel()
	rs.mu.Lock()
	rs.cancel = cancel
	aborted := rs.aborted
	rs.mu.Unlock()
	if aborted {
		return
	}
	for {
		batch, closeNow, ok := rs.next()
		if !ok {
			return
		}
		err := rs.p.Append(ctx, batch)
		if err == nil && closeNow {
			err = rs.p.Close(ctx)
		}
		rs.mu.Lock()
		rs.wake.Broadcast()
		if err != nil && !rs.aborted {
			rs.err = err
		} else if closeNow {
			rs.err = ds.ErrClosed
		}
		rs.mu.Unlock()
		switch {
		case err != nil && ctx.Err() == nil:
			rs.rel.fail(rs, err)
		case closeNow:
			rs.rel.r.n.warn("session %s was deleted; closed %s", rs.session, rs.p.What())
			rs.rel.endIfAllClosed()
		}
		if err != nil || closeNow {
			return
		}
	}
}

// next waits for records (and Linger for more) and takes up to
// relayMaxBatch bytes of them. closeNow: the batch is the last and the
// stream is then closed.
func (rs *relayStream) next() (batch [][]byte, closeNow, ok bool) {
	rs.mu.Lock()
	for len(rs.queue) == 0 && !rs.closing && !rs.aborted {
		rs.wake.Wait()
	}
	if linger := rs.rel.o.Linger; linger > 0 && !rs.closing && !rs.aborted {
		rs.mu.Unlock()
		time.Sleep(linger)
		rs.mu.Lock()
	}
	defer rs.mu.Unlock()
	if rs.aborted || (len(rs.queue) == 0 && !rs.close) {
		return nil, false, false
	}
	n, size := 0, 0
	for n < len(rs.queue) && (n == 0 || size+len(rs.queue[n]) <= relayMaxBatch) {
		size += len(rs.queue[n])
		n++
	}
	batch = rs.queue[:n:n]
	rs.queue = rs.queue[n:]
	rs.queued -= size
	return batch, rs.closing && rs.close && len(rs.queue) == 0, true
}
