package app

import (
	"context"
	"sync"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
)

// peekedStream reads a stream on a goroutine of its own so that the first
// batch can choose the screen (a plain stream or a relayed session) before
// the view is made, and then hands that batch and the rest to the view in
// order. Reading the first batch in a separate probe would have the server
// build a long catch-up response twice. Each batch waits for the view's
// verdict before the next is read: back-pressure and the order of delivery
// and commit are those of a direct read.
type peekedStream struct {
	batches chan *feed.Batch
	verdict chan error
	done    chan error
	cancel  context.CancelFunc
	err     error // how the read ended when it ended before a first batch

	mu      sync.Mutex
	onState func(feed.State)
	last    *feed.State // the newest state before the view attached
}

func peekStream(ctx context.Context, opts ds.StreamOptions) *peekedStream {
	ctx, cancel := context.WithCancel(ctx)
	p := &peekedStream{batches: make(chan *feed.Batch), verdict: make(chan error), done: make(chan error, 1), cancel: cancel}
	opts.OnState = p.state
	go func() {
		p.done <- ds.ReadStream(ctx, opts, func(b *feed.Batch) error {
			select {
			case p.batches <- b:
			case <-ctx.Done():
				return ctx.Err()
			}
			select {
			case err := <-p.verdict:
				return err
			case <-ctx.Done():
				return ctx.Err()
			}
		})
	}()
	return p
}

// first waits for the first batch; nil when the read ended without one,
// with the error it ended on.
func (p *peekedStream) first() (*feed.Batch, error) {
	select {
	case b := <-p.batches:
		return b, nil
	case p.err = <-p.done:
		return nil, p.err
	}
}

// follow hands first and then every later batch to handle, and the
// connection states to onState, until the read ends or ctx does.
func (p *peekedStream) follow(ctx context.Context, first *feed.Batch, onState func(feed.State), handle func(*feed.Batch) error) error {
	defer p.cancel()
	p.attach(onState)
	if first == nil {
		return p.err
	}
	for b := first; ; {
		err := handle(b)
		select {
		case p.verdict <- err:
		case <-ctx.Done():
			return ctx.Err()
		}
		if err != nil {
			return err
		}
		select {
		case b = <-p.batches:
		case err := <-p.done:
			return err
		case <-ctx.Done():
			return ctx.Err()
		}
	}
}

func (p *peekedStream) state(s feed.State) {
	p.mu.Lock()
	fn := p.onState
	if fn == nil {
		p.last = &s
	}
	p.mu.Unlock()
	if fn != nil {
		fn(s)
	}
}

func (p *peekedStream) attach(onState func(feed.State)) {
	p.mu.Lock()
	last := p.last
	p.onState, p.last = onState, nil
	p.mu.Unlock()
	if last != nil {
		onState(*last)
	}
}
