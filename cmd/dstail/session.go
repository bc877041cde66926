package main

import (
	"context"
	"errors"
	"io"
)

// followSession tails one OpenCode session.
func followSession(ctx context.Context, o *options, server, session string, stdout io.Writer, n *noticePrinter) error {
	return errors.New("OpenCode sessions are not supported yet")
}
