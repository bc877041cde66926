package e2e

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

// writer appends numbered messages to one stream in random batches, from
// any goroutine. Each writer owns its random source.
type writer struct {
	srv    *dspeer.Server
	stream string
	rng    *rand.Rand
	// maxBatch bounds the messages per append; pause is slept after each.
	maxBatch int
	pause    time.Duration
}

func newWriter(srv *dspeer.Server, stream string, seed uint64, maxBatch int, pause time.Duration) *writer {
	return &writer{srv: srv, stream: stream, rng: rand.New(rand.NewPCG(seed, 0x5eed)), maxBatch: maxBatch, pause: pause}
}

// jsonRange appends {"n": i} for i in [from, to): a batch of one goes as a
// single value, larger batches as one array (several messages per append).
func (w *writer) jsonRange(from, to int) error {
	for i := from; i < to; {
		n := min(1+w.rng.IntN(w.maxBatch), to-i)
		var err error
		if n == 1 && w.rng.IntN(2) == 0 {
			_, err = w.srv.TryAppendJSON(w.stream, map[string]int{"n": i})
		} else {
			batch := make([]map[string]int, n)
			for k := range batch {
				batch[k] = map[string]int{"n": i + k}
			}
			_, err = w.srv.TryAppendJSON(w.stream, batch)
		}
		if err != nil {
			return err
		}
		i += n
		w.sleep()
	}
	return nil
}

// textRange appends textLine(i)+"\n" for i in [from, to). A batch is
// sometimes split mid-line over two appends, so lines cross reads.
func (w *writer) textRange(from, to int) error {
	for i := from; i < to; {
		n := min(1+w.rng.IntN(w.maxBatch), to-i)
		var b strings.Builder
		for k := range n {
			b.WriteString(textLine(i+k) + "\n")
		}
		body := b.String()
		parts := []string{body}
		if w.rng.IntN(3) == 0 {
			cut := 1 + w.rng.IntN(len(body)-1)
			parts = []string{body[:cut], body[cut:]}
		}
		for _, part := range parts {
			if _, err := w.srv.TryAppend(w.stream, []byte(part)); err != nil {
				return err
			}
		}
		i += n
		w.sleep()
	}
	return nil
}

func (w *writer) sleep() {
	if w.pause > 0 {
		time.Sleep(w.pause)
	}
}

// inBackground runs fn on its own goroutine; the returned function waits for
// it and fails the test with its error. Call that from the test goroutine.
func inBackground(fn func() error) func(t *testing.T) {
	errc := make(chan error, 1)
	go func() { errc <- fn() }()
	return func(t *testing.T) {
		t.Helper()
		if err := <-errc; err != nil {
			t.Fatalf("writer: %v", err)
		}
	}
}
