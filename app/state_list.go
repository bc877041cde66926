package app

import (
	"fmt"
	"io"
	"text/tabwriter"
	"time"

	"github.com/dstail/dstail/offsets"
	"github.com/dstail/dstail/sanitize"
)

// StateRecord is one line of `dstail state ls --json`.
type StateRecord struct {
	Server  string     `json:"server,omitempty"`
	Stream  string     `json:"stream,omitempty"`
	Session string     `json:"session,omitempty"`
	Offset  string     `json:"offset,omitempty"`
	Skip    int64      `json:"skip,omitempty"`
	Seq     *int64     `json:"seq,omitempty"`
	EventID string     `json:"event_id,omitempty"`
	Updated *time.Time `json:"updated,omitempty"`
	File    string     `json:"file"`
	Error   string     `json:"error,omitempty"`
}

func isSessionEntry(e offsets.Entry) bool { return isSession(e.Stream) }

func writeStateJSON(w io.Writer, entries []offsets.Entry) error {
	enc := newJSONLines(w) // jsonlines.go
	for _, e := range entries {
		rec := StateRecord{File: e.Path}
		switch {
		case e.Err != nil:
			rec.Error = e.Err.Error()
		case isSessionEntry(e):
			seq, updated := e.Position.Seq, e.Updated.UTC()
			rec.Server, rec.Session, rec.Seq, rec.EventID, rec.Updated = Redact(e.Server), e.Stream, &seq, e.Position.EventID, &updated
		default:
			updated := e.Updated.UTC()
			rec.Server, rec.Stream, rec.Offset, rec.Skip, rec.Updated = Redact(e.Server), e.Stream, e.Position.Offset, e.Position.Skip, &updated
		}
		if err := enc.Encode(rec); err != nil {
			return err
		}
	}
	return nil
}

func writeStateTable(w io.Writer, entries []offsets.Entry) error {
	tw := tabwriter.NewWriter(w, 0, 0, 2, ' ', 0)
	fmt.Fprintln(tw, "SERVER\tSTREAM/SESSION\tPOSITION\tUPDATED")
	for _, e := range entries {
		if e.Err != nil {
			fmt.Fprintf(tw, "?\t%s\tunusable: %s\t\n", sanitize.Line(e.Path), sanitize.Line(e.Err.Error()))
			continue
		}
		fmt.Fprintf(tw, "%s\t%s\t%s\t%s\n", sanitize.Line(Redact(e.Server)), sanitize.Line(e.Stream),
			sanitize.Line(positionText(e)), e.Updated.Local().Format("2006-01-02 15:04:05"))
	}
	return tw.Flush()
}

// positionText: an offset (with the messages of its batch already printed)
// for streams, a seq for sessions.
func positionText(e offsets.Entry) string {
	p := e.Position
	switch {
	case isSessionEntry(e) && p.Seq == 0 && p.EventID != "":
		return "event " + p.EventID
	case isSessionEntry(e):
		return fmt.Sprintf("seq %d", p.Seq)
	case p.Offset == "":
		return "start"
	case p.Skip > 0:
		return fmt.Sprintf("offset %s +%d", p.Offset, p.Skip)
	}
	return "offset " + p.Offset
}

// ListState prints every saved position of store: a table, or one JSON
// object per line.
func ListState(store *offsets.Store, w io.Writer, asJSON bool) error {
	entries, err := store.List()
	if err != nil {
		return err
	}
	if asJSON {
		return writeStateJSON(w, entries)
	}
	return writeStateTable(w, entries)
}
