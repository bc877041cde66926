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

// idleSettle is how long a session that looks finished without having been
// seen busy is watched for new work (a prompt sent just before dstail
// started may not have turned the session busy yet), and the most a finished
// turn waits for its trailing updates.
const idleSettle = 2 * time.Second

// idleQuiet is the pause in events that ends a turn seen busy: right after
// idle the server still sends the session's update and the user message's
// summary of changed files.
const idleQuiet = 500 * time.Millisecond

// idleWatch implements --until-idle: stop once the session is idle after
// work, the final state of its last message has arrived (on failures the
// idle status comes before the final message update), and the trailing
// updates have had a moment to follow.
type idleWatch struct {
	enabled   bool
	stop      context.CancelCauseFunc
	mu        sync.Mutex
	sawBusy   bool
	doneSince time.Time
	timer     *time.Timer
}

func newIdleWatch(enabled bool, stop context.CancelCauseFunc) *idleWatch {
	return &idleWatch{enabled: enabled, stop: stop}
}

// check runs after every handed-on batch and (re)arms the stop timer while
// the turn looks over; any sign of new work disarms it.
func (w *idleWatch) check(m *reconcile.Model) error {
	if !w.enabled {
		return nil
	}
	status := m.Status()
	last, ok := m.LastMessage()
	w.mu.Lock()
	defer w.mu.Unlock()
	done, err := turnOutcome(status, last, ok)
	if status.Busy() || !done {
		w.sawBusy = w.sawBusy || status.Busy()
		w.disarm()
		return nil
	}
	now := time.Now()
	if w.doneSince.IsZero() {
		w.doneSince = now
	}
	wait := idleSettle
	var tf turnFailedError
	if w.sawBusy && !(errors.As(err, &tf) && tf.interrupted) {
		wait = idleQuiet
	}
	wait = max(0, min(wait, w.doneSince.Add(idleSettle).Sub(now)))
	if w.timer != nil {
		w.timer.Stop()
	}
	w.timer = time.AfterFunc(wait, func() { w.stop(err) })
	return nil
}

func (w *idleWatch) disarm() {
	w.doneSince = time.Time{}
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
}

// turnOutcome says whether the newest turn is over, and how it ended.
func turnOutcome(status reconcile.Status, last reconcile.Message, found bool) (bool, error) {
	if status.Busy() || !found {
		return false, nil
	}
	if last.Role != "assistant" || last.Running() {
		return false, nil
	}
	switch {
	case last.Aborted():
		return true, turnFailedError{msg: "the turn was aborted"}
	case last.Error != nil:
		return true, turnFailedError{msg: "the turn failed: " + last.Error.Name + ": " + last.Error.Message}
	case last.Interrupted:
		return true, turnFailedError{msg: "the turn was interrupted (server stopped)", interrupted: true}
	}
	return true, errTurnDone
}
