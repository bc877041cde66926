// Command dstail tails live AI-agent sessions and Durable Streams without
// losing an event.
package main

import (
	"io"
	"os"
)

// stdin is where --replay - and the picker read; tests replace it.
var stdin io.Reader = os.Stdin

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
