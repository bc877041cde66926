package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strconv"
	"text/tabwriter"
	"time"

	"github.com/dstail/dstail/discover"
	"github.com/dstail/dstail/iostreams"
)

// DiscoverWait is how long `dstail servers` and the picker listen for
// mDNS announcements unless told otherwise.
const DiscoverWait = discover.DefaultWait

// maxDiscoverWait bounds --timeout: a browse is meant to be short.
const maxDiscoverWait = time.Minute

// ListServers prints the OpenCode servers it can find: announced over
// mDNS (listening for wait, unless mdns is false), named in the config
// file, and the default server if it answers; a table, or one JSON object
// per line. None found is one line (on stderr with --json) and no error.
func ListServers(ctx context.Context, c *Config, io *iostreams.IOStreams, wait time.Duration, mdns bool) error {
	if wait <= 0 || wait > maxDiscoverWait {
		return Usagef("--timeout must be above 0 and at most %s, not %s", maxDiscoverWait, wait)
	}
	if _, err := c.header(); err != nil {
		return err
	}
	if err := buildHTTP(c, &notices{w: io.ErrOut}); err != nil {
		return err
	}
	list := findServers(ctx, c.findOptions(wait, mdns))
	if len(list) == 0 {
		w := io.Out
		if c.JSON {
			w = io.ErrOut
		}
		browsed := "mDNS for " + wait.String()
		if !mdns {
			browsed = "mDNS off"
		}
		_, err := fmt.Fprintf(w, "no OpenCode server found (%s, %d named, none at %s)\n", browsed, len(c.Named), DefaultOpenCodeServer)
		return err
	}
	if c.JSON {
		return writeServersJSON(io.Out, list)
	}
	return writeServersTable(io.Out, list)
}

func writeServersJSON(w io.Writer, list []foundServer) error {
	bw := bufio.NewWriter(w)
	enc := newJSONLines(bw) // jsonlines.go
	for _, s := range list {
		if err := enc.Encode(s); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// writeServersTable prints one row per server; every cell was sanitised
// when the server was found.
func writeServersTable(w io.Writer, list []foundServer) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "URL\tNAME\tSOURCE\tVERSION\tSESSIONS\tNOTE")
	for _, s := range list {
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\t%s\t%s\n", s.URL, s.Name, s.Source, dash(s.Version), sessionCount(s), serverNote(s))
	}
	return tw.Flush()
}

func dash(s string) string {
	if s == "" {
		return "-"
	}
	return s
}

func sessionCount(s foundServer) string {
	if s.Sessions == nil {
		return "-"
	}
	return strconv.Itoa(*s.Sessions)
}

// serverNote is the last column: why a server could not be used.
func serverNote(s foundServer) string {
	switch {
	case s.NeedsPassword && s.Error == "":
		return "needs a password"
	case s.Error != "":
		return s.Error
	}
	return ""
}
