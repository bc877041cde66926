package app

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
// updates have had a moment to follow. The model says whether the turn is
// over (reconcile.Model.LastTurn); this only times the stop.
type idleWatch struct {
	stop      context.CancelCauseFunc
	mu        sync.Mutex
	sawBusy   bool
	doneSince time.Time
	timer     *time.Timer
}

// check runs after every handed-on batch and (re)arms the stop timer while
// the turn looks over; any sign of new work disarms it.
func (w *idleWatch) check(m *reconcile.Model) {
	busy := m.Status().Busy()
	var turn reconcile.Turn
	if !busy { // while the session works (every streamed token) the turn is not over
		turn = m.LastTurn()
	}
	w.mu.Lock()
	defer w.mu.Unlock()
	if busy || !turn.Over {
		w.sawBusy = w.sawBusy || busy
		w.disarm()
		return
	}
	now := time.Now()
	if w.doneSince.IsZero() {
		w.doneSince = now
	}
	wait := idleSettle
	if w.sawBusy && !turn.Interrupted {
		wait = idleQuiet
	}
	wait = max(0, min(wait, w.doneSince.Add(idleSettle).Sub(now)))
	if w.timer != nil {
		w.timer.Stop()
	}
	var cause error = errTurnDone
	if turn.Failure != "" {
		cause = TurnFailed{Msg: turn.Failure, Interrupted: turn.Interrupted}
	}
	w.timer = time.AfterFunc(wait, func() { w.stop(cause) })
}

func (w *idleWatch) disarm() {
	w.doneSince = time.Time{}
	if w.timer != nil {
		w.timer.Stop()
		w.timer = nil
	}
}

// untilIdle runs follow with a context that --until-idle can end, and turns
// that end into the run's result: nil after a turn that finished well, a
// TurnFailed after one that did not.
func untilIdle(ctx context.Context, on bool, follow func(ctx context.Context, check func(*reconcile.Model)) error) error {
	ctx, cancel := context.WithCancelCause(ctx)
	defer cancel(nil)
	check := func(*reconcile.Model) {}
	if on {
		w := &idleWatch{stop: cancel}
		check = w.check
	}
	err := follow(ctx, check)
	if cause := context.Cause(ctx); errors.Is(err, context.Canceled) && cause != nil && !errors.Is(cause, context.Canceled) {
		err = cause
	}
	if errors.Is(err, errTurnDone) {
		err = nil
	}
	return err
}
