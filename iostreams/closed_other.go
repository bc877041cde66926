//go:build !unix

package iostreams

import (
	"context"
	"os"
)

func outClosed(context.Context, *os.File) <-chan struct{} { return nil }
