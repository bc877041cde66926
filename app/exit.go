package app

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"strings"
	"sync/atomic"
	"syscall"

	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
)

// Exit codes are a contract with scripts; the README documents them.
const (
	ExitOK       = 0
	ExitError    = 1
	ExitUsage    = 2
	ExitNotFound = 3
	ExitTurnFail = 4
	// Interrupted runs exit 128 + the signal number, as a shell reports a
	// process killed by it; the position is saved and the output flushed.
	ExitInterrupted = 130 // SIGINT
	ExitTerminated  = 143 // SIGTERM
	// ExitOutputClosed is a run whose reader went away (`| head`): 128 +
	// SIGPIPE, as if a write had met the closed pipe.
	ExitOutputClosed = 141
)

// ErrOutputClosed ends a run whose standard output nobody reads any more.
var ErrOutputClosed = errors.New("standard output closed")

// ExitCode prints err as one line and maps it to the documented code.
func ExitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, context.Canceled) {
		return ExitOK
	}
	if errors.Is(err, ErrOutputClosed) {
		return ExitOutputClosed // as silent as a SIGPIPE
	}
	fmt.Fprintln(stderr, "dstail: "+sanitize.Line(oneLine(err.Error())))
	var ue UsageError
	var tf TurnFailed
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "Run 'dstail --help' for usage.")
		return ExitUsage
	case errors.As(err, &tf):
		return ExitTurnFail
	case transport.NotFound(err):
		return ExitNotFound
	}
	return ExitError
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}

// NotifySignals cancels ctx on the first SIGINT or SIGTERM and remembers
// which; after it, the signals get their default action again, so a second
// Ctrl-C ends a stuck run at once.
func NotifySignals(parent context.Context) (ctx context.Context, caught func() os.Signal, stop func()) {
	ctx, cancel := context.WithCancel(parent)
	ch := make(chan os.Signal, 1)
	signal.Notify(ch, os.Interrupt, syscall.SIGTERM)
	var got atomic.Value
	done := make(chan struct{})
	go func() {
		select {
		case sig := <-ch:
			got.Store(sig)
			signal.Stop(ch)
			cancel()
		case <-done:
		}
	}()
	caught = func() os.Signal {
		sig, _ := got.Load().(os.Signal)
		return sig
	}
	stop = func() {
		signal.Stop(ch)
		close(done)
		cancel()
	}
	return ctx, caught, stop
}

// SignalExit turns a clean end caused by a signal into 130 (SIGINT) or 143
// (SIGTERM); errors keep their own code.
func SignalExit(code int, sig os.Signal) int {
	if code != ExitOK || sig == nil {
		return code
	}
	if sig == syscall.SIGTERM {
		return ExitTerminated
	}
	return ExitInterrupted
}
