package main

import (
	"context"
	"errors"
	"sync"
	"time"

	"github.com/dstail/dstail/reconcile"
)

// errTurnDone ends --until-idle after a turn that finished well.
var errTurnDone = errors.New("turn done")

// idleSettle is how long a session that looks finished from the start is
// watched for new work: a prompt sent just before dstail started may not have
// turned the session busy yet.
const idleSettle = 2 * time.Second

// idleWatch implements --until-idle: stop once the session is idle after
// work and the final state of its last message has arrived (on failures the
// idle status comes before the final message update).
type idleWatch struct {
	enabled bool
	stop    context.CancelCauseFunc
	mu      sync.Mutex
	sawBusy bool
	timer   *time.Timer
}

func newIdleWatch(enabled bool, stop context.CancelCauseFunc) *idleWatch {
	return &idleWatch{enabled: enabled, stop: stop}
}

func (w *idleWatch) check(m *reconcile.Model) error {
	if !w.enabled {
		return nil
	}
	st := m.State()
	w.mu.Lock()
	defer w.mu.Unlock()
	if st.Status.Busy() {
		w.sawBusy = true
		if w.timer != nil {
			w.timer.Stop()
			w.timer = nil
		}
		return nil
	}
	done, err := turnOutcome(st)
	switch {
	case !done:
		return nil
	case w.sawBusy:
		return err
	case w.timer == nil:
		w.timer = time.AfterFunc(idleSettle, func() { w.stop(err) })
	}
	return nil
}

// turnOutcome says whether the newest turn is over, and how it ended.
func turnOutcome(st reconcile.State) (bool, error) {
	if st.Status.Busy() || len(st.Messages) == 0 {
		return false, nil
	}
	last := st.Messages[len(st.Messages)-1]
	if last.Role != "assistant" || last.Running() {
		return false, nil
	}
	switch {
	case last.Aborted():
		return true, turnFailedError{"the turn was aborted"}
	case last.Error != nil:
		return true, turnFailedError{"the turn failed: " + last.Error.Name + ": " + last.Error.Message}
	case last.Interrupted:
		return true, turnFailedError{"the turn was interrupted (server stopped)"}
	}
	return true, errTurnDone
}
