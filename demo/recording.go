package demo

import (
	"bufio"
	"bytes"
	_ "embed"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/dstail/dstail/reconcile"
)

//go:embed testdata/session.ndjson
var embedded []byte

// Format is the version of the recording layout written by Encode.
const Format = 1

// Recording is one recorded OpenCode session: a header line, then one line
// per /global/event frame of the session.
type Recording struct {
	Header
	Frames []Frame
}

// Header is the first line of a recording.
type Header struct {
	Format    int    `json:"format"`
	OpenCode  string `json:"opencode"` // version of the recorded server
	Session   string `json:"session"`
	Directory string `json:"directory"`
	// Start is how many frames happened before the replay begins: they
	// make the state a client finds when it first looks (the session).
	Start int `json:"start"`
	// Outage is when the event stream drops and until when new
	// connections are refused.
	Outage Outage `json:"outage"`
}

// Outage is a window of recorded time, in ms after the replay began.
type Outage struct {
	At     int64 `json:"at"`
	Resume int64 `json:"resume"`
}

// Frame is one event as the server sent it.
type Frame struct {
	At   int64           `json:"at"`   // ms after the replay began (0 for the frames before Start)
	Data json.RawMessage `json:"data"` // the SSE data line, verbatim
}

// Builtin returns the recording that ships with dstail.
func Builtin() (*Recording, error) { return Parse(bytes.NewReader(embedded)) }

// Duration is the recorded time from the start of the replay to the last
// frame, in ms.
func (r *Recording) Duration() int64 {
	if len(r.Frames) == 0 {
		return 0
	}
	return r.Frames[len(r.Frames)-1].At
}

// Parse reads and checks a recording; errors name the line.
func Parse(rd io.Reader) (*Recording, error) {
	sc := bufio.NewScanner(rd)
	sc.Buffer(make([]byte, 0, 64<<10), 16<<20)
	rec := &Recording{}
	line := 0
	for sc.Scan() {
		line++
		if line == 1 {
			if err := json.Unmarshal(sc.Bytes(), &rec.Header); err != nil {
				return nil, fmt.Errorf("recording line 1: bad header: %w", err)
			}
			continue
		}
		var f Frame
		if err := json.Unmarshal(sc.Bytes(), &f); err != nil {
			return nil, fmt.Errorf("recording line %d: %w", line, err)
		}
		if err := rec.checkFrame(f); err != nil {
			return nil, fmt.Errorf("recording line %d: %w", line, err)
		}
		rec.Frames = append(rec.Frames, f)
	}
	if err := sc.Err(); err != nil {
		return nil, fmt.Errorf("recording line %d: %w", line+1, err)
	}
	if err := rec.checkHeader(); err != nil {
		return nil, err
	}
	return rec, nil
}

func (r *Recording) checkFrame(f Frame) error {
	ev, _, err := reconcile.DecodeFrame(f.Data)
	switch {
	case err != nil:
		return err
	case ev.Session != r.Session:
		return fmt.Errorf("frame of session %q, want %q", ev.Session, r.Session)
	case f.At < 0:
		return errors.New("negative time")
	case len(r.Frames) > 0 && f.At < r.Frames[len(r.Frames)-1].At:
		return errors.New("time goes backwards")
	}
	return nil
}

func (r *Recording) checkHeader() error {
	h := r.Header
	switch {
	case h.Format != Format:
		return fmt.Errorf("recording: format %d, want %d", h.Format, Format)
	case h.Session == "":
		return errors.New("recording: header names no session")
	case h.Start < 1 || h.Start > len(r.Frames):
		return fmt.Errorf("recording: start %d outside 1..%d frames (the session must exist before the replay)", h.Start, len(r.Frames))
	case h.Outage.At < 0 || h.Outage.Resume < h.Outage.At:
		return fmt.Errorf("recording: outage %d..%d ms is not a window", h.Outage.At, h.Outage.Resume)
	}
	return nil
}

// Encode writes the recording in the layout Parse reads.
func (r *Recording) Encode(w io.Writer) error {
	bw := bufio.NewWriter(w)
	enc := json.NewEncoder(bw)
	enc.SetEscapeHTML(false)
	if err := enc.Encode(r.Header); err != nil {
		return err
	}
	for _, f := range r.Frames {
		if err := enc.Encode(f); err != nil {
			return err
		}
	}
	return bw.Flush()
}
