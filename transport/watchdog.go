package transport

import (
	"context"
	"io"
	"sync/atomic"
	"time"
)

// Watchdog ends a response whose body stays silent longer than the idle
// timeout. It counts bytes, not events: comments and heartbeats count as life.
type Watchdog struct {
	body   io.ReadCloser
	timer  *time.Timer
	idle   time.Duration
	fired  atomic.Bool
	cancel context.CancelCauseFunc
}

func NewWatchdog(body io.ReadCloser, idle time.Duration, cancel context.CancelCauseFunc) *Watchdog {
	w := &Watchdog{body: body, idle: idle, cancel: cancel}
	w.timer = time.AfterFunc(idle, func() {
		w.fired.Store(true)
		cancel(ErrIdle)
	})
	return w
}

func (w *Watchdog) Read(p []byte) (int, error) {
	n, err := w.body.Read(p)
	if n > 0 {
		w.timer.Reset(w.idle)
	}
	if err != nil && err != io.EOF && w.fired.Load() {
		err = ErrIdle
	}
	return n, err
}

func (w *Watchdog) Close() error {
	w.timer.Stop()
	return w.body.Close()
}
