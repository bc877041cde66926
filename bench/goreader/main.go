// Command goreader is the benchmarks' minimal Go client of a Durable
// Stream: what a program built on net/http and encoding/json does when it
// reads a JSON stream the way the official Go client (packages/client-go)
// does: Go's default transport (which asks for gzip), one GET per response,
// the body read whole, then each message written as a line. It stands in
// for that client, whose module the Go proxy does not serve, and it is the
// floor for process start: `goreader version` prints one line and exits.
//
// Usage: goreader version | goreader STREAM_URL
package main

import (
	"bufio"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"net/http"
	"net/url"
	"os"
)

func main() {
	if len(os.Args) != 2 {
		fmt.Fprintln(os.Stderr, "usage: goreader version | goreader STREAM_URL")
		os.Exit(2)
	}
	if os.Args[1] == "version" {
		fmt.Println("goreader")
		return
	}
	out := bufio.NewWriterSize(os.Stdout, 64<<10)
	if err := read(os.Args[1], out); err != nil {
		fmt.Fprintln(os.Stderr, "goreader:", err)
		os.Exit(1)
	}
	if err := out.Flush(); err != nil {
		fmt.Fprintln(os.Stderr, "goreader:", err)
		os.Exit(1)
	}
}

// read follows Stream-Next-Offset from the start until a response says
// Stream-Up-To-Date, writing each message of each response as a line.
func read(stream string, out *bufio.Writer) error {
	u, err := url.Parse(stream)
	if err != nil {
		return err
	}
	offset := "-1"
	for {
		q := u.Query()
		q.Set("offset", offset)
		u.RawQuery = q.Encode()
		resp, err := http.Get(u.String())
		if err != nil {
			return err
		}
		body, err := io.ReadAll(resp.Body)
		resp.Body.Close()
		if err != nil {
			return err
		}
		if resp.StatusCode == http.StatusNoContent {
			return nil
		}
		if resp.StatusCode != http.StatusOK {
			return fmt.Errorf("status %s", resp.Status)
		}
		var msgs []json.RawMessage
		if err := json.Unmarshal(body, &msgs); err != nil {
			return err
		}
		for _, m := range msgs {
			out.Write(m)
			out.WriteByte('\n')
		}
		next := resp.Header.Get("Stream-Next-Offset")
		if next == "" {
			return errors.New("no Stream-Next-Offset")
		}
		if resp.Header.Get("Stream-Up-To-Date") == "true" {
			return nil
		}
		offset = next
	}
}
