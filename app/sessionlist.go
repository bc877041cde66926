package app

import (
	"bufio"
	"context"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/iostreams"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/sanitize"
)

// sessionRecord is one line of `dstail sessions --json`.
type sessionRecord struct {
	ID        string  `json:"id"`
	Title     string  `json:"title"`
	Directory string  `json:"directory"`
	Status    string  `json:"status"`
	Updated   string  `json:"updated"`
	Created   string  `json:"created"`
	ParentID  string  `json:"parentID,omitempty"`
	Cost      float64 `json:"cost"`
}

func writeSessionsJSON(w io.Writer, list []opencode.SessionSummary) error {
	bw := bufio.NewWriter(w)
	enc := newJSONLines(bw) // jsonlines.go
	for _, s := range list {
		if err := enc.Encode(sessionRecord{
			ID: s.ID, Title: s.Title, Directory: s.Directory, Status: s.Status, ParentID: s.ParentID, Cost: s.Cost,
			Updated: s.Updated.UTC().Format(time.RFC3339Nano), Created: s.Created.UTC().Format(time.RFC3339Nano),
		}); err != nil {
			return err
		}
	}
	return bw.Flush()
}

// writeSessionsTable prints one sanitised row per session; width > 0
// shortens titles and directories so that rows fit.
func writeSessionsTable(w io.Writer, list []opencode.SessionSummary, width int) error {
	if len(list) == 0 {
		_, err := fmt.Fprintln(w, "no sessions")
		return err
	}
	now := time.Now()
	rows := [][]string{{"ID", "STATUS", "UPDATED", "COST", "TITLE", "DIRECTORY"}}
	for _, s := range list {
		title := sanitize.Line(s.Title)
		if s.ParentID != "" {
			title = "↳ " + title
		}
		rows = append(rows, []string{sanitize.Line(s.ID), sanitize.Line(s.Status), relTime(now, s.Updated),
			fmt.Sprintf("$%.2f", s.Cost), title, sanitize.Line(s.Directory)})
	}
	widths := columnWidths(rows, width)
	bw := bufio.NewWriter(w)
	for _, r := range rows {
		var line strings.Builder
		for i, cell := range r {
			cell = fit(cell, widths[i], i == len(r)-1)
			line.WriteString(cell)
			if i < len(r)-1 {
				line.WriteString(strings.Repeat(" ", widths[i]-ansi.StringWidth(cell)+2))
			}
		}
		bw.WriteString(strings.TrimRight(line.String(), " ") + "\n")
	}
	return bw.Flush()
}

// columnWidths sizes each column to its widest cell; when that is wider
// than width, title and directory share what is left.
func columnWidths(rows [][]string, width int) []int {
	widths := make([]int, len(rows[0]))
	for _, r := range rows {
		for i, cell := range r {
			widths[i] = max(widths[i], ansi.StringWidth(cell))
		}
	}
	total := 2 * (len(widths) - 1)
	for _, w := range widths {
		total += w
	}
	if width <= 0 || total <= width {
		return widths
	}
	title, dir := len(widths)-2, len(widths)-1
	rest := max(0, width-(total-widths[title]-widths[dir]))
	t := min(widths[title], max(8, rest*3/5))
	widths[title], widths[dir] = t, max(8, min(widths[dir], rest-t))
	return widths
}

// fit shortens s to w cells: titles keep their start, directories their end.
func fit(s string, w int, keepEnd bool) string {
	if ansi.StringWidth(s) <= w {
		return s
	}
	if keepEnd {
		return ansi.TruncateLeft(s, ansi.StringWidth(s)-w+1, "…")
	}
	return ansi.Truncate(s, w, "…")
}

// relTime is how long ago t was, in the largest unit that fits.
func relTime(now, t time.Time) string {
	d := now.Sub(t)
	switch {
	case t.IsZero() || t.UnixMilli() == 0:
		return "-"
	case d < time.Minute:
		return fmt.Sprintf("%ds ago", max(0, int(d.Seconds())))
	case d < time.Hour:
		return fmt.Sprintf("%dm ago", int(d.Minutes()))
	case d < 48*time.Hour:
		return fmt.Sprintf("%dh ago", int(d.Hours()))
	}
	return fmt.Sprintf("%dd ago", int(d.Hours()/24))
}

// ListSessions prints the sessions of an OpenCode server, newest activity
// first: a table sized to the terminal, or one JSON object per line.
func ListSessions(ctx context.Context, c *Config, io *iostreams.IOStreams, allDirs bool, limit int) error {
	if limit < 0 {
		return Usagef("--limit must not be negative")
	}
	server, err := c.oneServer(&notices{w: io.ErrOut})
	if err != nil {
		return err
	}
	list, err := opencode.ListSessions(ctx, opencode.ListOptions{
		Server: server, Header: c.sessionHeader(), HTTP: c.http, AllDirs: allDirs, Limit: limit,
	})
	if err != nil {
		return err
	}
	if c.JSON {
		return writeSessionsJSON(io.Out, list)
	}
	return writeSessionsTable(io.Out, list, io.Width())
}
