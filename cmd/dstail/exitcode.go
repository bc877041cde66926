package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"strings"

	"github.com/dstail/dstail/client"
	"github.com/dstail/dstail/sanitize"
)

// Exit codes are a contract with scripts; the README documents them.
const (
	exitOK       = 0
	exitError    = 1
	exitUsage    = 2
	exitNotFound = 3
	exitTurnFail = 4
)

// usageError is a mistake on the command line.
type usageError struct{ msg string }

func (e usageError) Error() string { return e.msg }

func usagef(format string, a ...any) error { return usageError{fmt.Sprintf(format, a...)} }

// turnFailedError ends --until-idle when the turn finished in an error.
type turnFailedError struct {
	msg         string
	interrupted bool // cut off by a server stop, not failed by the model
}

func (e turnFailedError) Error() string { return e.msg }

// exitCode prints err as one line and maps it to the documented code.
func exitCode(err error, stderr io.Writer) int {
	if err == nil || errors.Is(err, context.Canceled) {
		return exitOK
	}
	fmt.Fprintln(stderr, "dstail: "+sanitize.Line(oneLine(err.Error())))
	var ue usageError
	var tf turnFailedError
	switch {
	case errors.As(err, &ue):
		fmt.Fprintln(stderr, "Run 'dstail --help' for usage.")
		return exitUsage
	case errors.As(err, &tf):
		return exitTurnFail
	case client.NotFound(err):
		return exitNotFound
	}
	return exitError
}

func oneLine(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		s = s[:i]
	}
	return s
}
