package offsets

import (
	"errors"
	"fmt"
)

var (
	// ErrLocked means another process (or another Saver in this one) holds the
	// entry open for writing. It is wrapped with the lock file's path.
	ErrLocked = errors.New("position is in use by another dstail")

	// ErrUnwritable means the state directory cannot be created or written.
	// It is wrapped with the directory and the underlying cause.
	ErrUnwritable = errors.New("state directory is not writable")

	// ErrClosed is returned by Flush after Close released the entry.
	ErrClosed = errors.New("saver is closed")

	// ErrInvalidKey is returned for a key whose server is not an absolute URL
	// or whose stream is empty or not valid UTF-8.
	ErrInvalidKey = errors.New("invalid key")

	// ErrFutureVersion is the cause inside a CorruptError for a file written
	// by a newer dstail with a format this one does not understand.
	ErrFutureVersion = errors.New("written by a newer version")
)

// CorruptError reports a saved position that cannot be used: the file is
// empty, truncated, not valid JSON, from a newer version, for another key, or
// unreadable. Callers warn once and start fresh; the next write replaces it.
type CorruptError struct {
	Path   string
	Reason string
	Err    error // optional underlying cause
}

func (e *CorruptError) Error() string {
	msg := fmt.Sprintf("offsets: unusable saved position %s: %s", e.Path, e.Reason)
	if e.Err != nil {
		msg += ": " + e.Err.Error()
	}
	return msg
}

func (e *CorruptError) Unwrap() error { return e.Err }

func corrupt(path, reason string, err error) *CorruptError {
	return &CorruptError{Path: path, Reason: reason, Err: err}
}
