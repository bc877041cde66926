// Command dstail tails live AI-agent sessions and Durable Streams without
// losing an event.
package main

import "os"

func main() {
	os.Exit(run(os.Args[1:], os.Stdout, os.Stderr))
}
