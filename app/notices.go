package app

import (
	"fmt"
	"io"
	"time"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
)

// notices writes connection-state changes and warnings to stderr, one line
// each, so stdout carries data only.
type notices struct {
	w       io.Writer
	quiet   bool
	retried bool
	// saveFailed keeps a failing disk to one warning.
	saveFailed bool
}

func (n *notices) state(s feed.State) {
	if n.quiet {
		return
	}
	switch {
	case s.Note != "":
		n.printf("%s", s.Note)
	case s.Phase == feed.PhaseRetrying:
		n.retried = true
		n.printf("reconnecting in %s (attempt %d): %s", s.RetryIn.Round(time.Millisecond), s.Attempt, sanitize.Line(s.Err.Error()))
	case s.Phase == feed.PhaseLive && n.retried:
		n.retried = false
		if s.Offset == "" { // sessions: each catches up by its own seq
			n.printf("reconnected, live")
			return
		}
		n.printf("reconnected, live at offset %s", sanitize.Line(sanitize.ShortForm(s.Offset)))
	}
}

// warn is a notice that --quiet does not silence.
func (n *notices) warn(format string, a ...any) { n.printf(format, a...) }

// printf writes one line; its arguments may quote a server (errors,
// notes), so the line is sanitised as a whole.
func (n *notices) printf(format string, a ...any) {
	fmt.Fprintln(n.w, "dstail: "+sanitize.Line(fmt.Sprintf(format, a...)))
}

// Redact is a URL without credentials, for records, messages and other
// commands' output.
func Redact(raw string) string { return transport.RedactURL(raw) }
