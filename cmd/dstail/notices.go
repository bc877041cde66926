package main

import (
	"fmt"
	"io"
	"time"

	"github.com/dstail/dstail/client"
	"github.com/dstail/dstail/sanitize"
)

// noticePrinter writes connection-state changes to stderr, one line each,
// so stdout carries data only.
type noticePrinter struct {
	w       io.Writer
	quiet   bool
	retried bool
	// saveFailed keeps a failing disk to one warning.
	saveFailed bool
}

func (n *noticePrinter) state(s client.State) {
	if n.quiet {
		return
	}
	switch {
	case s.Note != "":
		n.printf("%s", s.Note)
	case s.Phase == client.PhaseRetrying:
		n.retried = true
		n.printf("reconnecting in %s (attempt %d): %s", s.RetryIn.Round(time.Millisecond), s.Attempt, sanitize.Line(s.Err.Error()))
	case s.Phase == client.PhaseLive && n.retried:
		n.retried = false
		n.printf("reconnected, live at offset %s", sanitize.Line(s.Offset))
	}
}

func (n *noticePrinter) warn(format string, a ...any) { n.printf(format, a...) }

// printf writes one line; its arguments may quote a server (errors,
// notes), so the line is sanitised as a whole.
func (n *noticePrinter) printf(format string, a ...any) {
	fmt.Fprintln(n.w, "dstail: "+sanitize.Line(fmt.Sprintf(format, a...)))
}
