package opencode

import (
	"context"

	"github.com/dstail/dstail/transport"
	"golang.org/x/sync/semaphore"
)

// queuedEventCost is what a queued event costs beyond its data: the decoded
// fields and the queue slot. It keeps a flood of tiny events bounded too.
const queuedEventCost = 256

// byteBudget is a byte count that a producer takes from before it queues
// and a consumer gives back once it took an item off the queue. Taking
// blocks while the budget is spent, which pushes back on the server instead
// of dropping.
type byteBudget struct {
	sem  *semaphore.Weighted
	size int64
}

func newByteBudget(size int) *byteBudget {
	if size <= 0 {
		size = transport.DefaultMaxBuffer
	}
	return &byteBudget{sem: semaphore.NewWeighted(int64(size)), size: int64(size)}
}

// cost is what n bytes take from the budget: an item larger than the whole
// budget takes all of it, so it still passes once the queue is empty.
func (b *byteBudget) cost(n int) int64 { return min(int64(n)+queuedEventCost, b.size) }

func (b *byteBudget) take(ctx context.Context, n int) error {
	return b.sem.Acquire(ctx, b.cost(n))
}

func (b *byteBudget) give(n int) { b.sem.Release(b.cost(n)) }
