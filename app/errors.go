package app

import (
	"errors"
	"fmt"
)

// UsageError is a mistake on the command line: exit 2, never retried.
type UsageError struct{ Msg string }

func (e UsageError) Error() string { return e.Msg }

// Usagef makes a UsageError.
func Usagef(format string, a ...any) error { return UsageError{fmt.Sprintf(format, a...)} }

// TurnFailed ends --until-idle when the turn finished in an error: exit 4.
type TurnFailed struct {
	Msg         string
	Interrupted bool // cut off by a server stop, not failed by the model
}

func (e TurnFailed) Error() string { return e.Msg }

// ErrBackToList ends a view opened from the picker with esc: the picker
// shows the list again.
var ErrBackToList = errors.New("back to the list of sessions")
