package ndjson

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"

	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
)

// Capture is a saved --json run: OpenCode session events or Durable
// Streams messages, never both.
type Capture struct {
	Events   []reconcile.Event // session captures, in file order
	Sessions []string          // their sessions, in order of first appearance
	Streams  []StreamBatch     // stream captures: consecutive lines of one batch joined
}

// StreamBatch is one batch of a stream capture.
type StreamBatch struct {
	Stream string
	Batch  feed.Batch
}

// captureLine covers both record shapes of --json (see the README).
type captureLine struct {
	Session   *string         `json:"session"`
	Seq       *int64          `json:"seq"`
	ID        string          `json:"id"`
	Type      string          `json:"type"`
	Data      json.RawMessage `json:"data"`
	Synthetic bool            `json:"synthetic"`
	Stream    *string         `json:"stream"`
	Offset    *string         `json:"offset"`
	Chunk     bool            `json:"chunk"` // text/* streams: data is text exactly as it arrived
}

// ReadCapture reads every line of a capture; the first bad line is an
// error naming it. maxLine bounds one line, like --max-event-size.
func ReadCapture(rd io.Reader, name string, maxLine int) (*Capture, error) {
	br := bufio.NewReaderSize(rd, 64<<10)
	c := &Capture{}
	seen := map[string]bool{}
	for n := 1; ; n++ {
		raw, err := readLine(br, maxLine)
		if errors.Is(err, io.EOF) && len(raw) == 0 {
			break
		}
		where := fmt.Sprintf("%s:%d", sanitize.Line(name), n)
		if err != nil && !errors.Is(err, io.EOF) {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
		raw = bytes.TrimSpace(raw)
		if len(raw) == 0 {
			continue
		}
		if err := c.add(raw, seen); err != nil {
			return nil, fmt.Errorf("%s: %w", where, err)
		}
	}
	if len(c.Events) == 0 && len(c.Streams) == 0 {
		return nil, fmt.Errorf("%s holds no records; --replay reads what `dstail --json` wrote", sanitize.Line(name))
	}
	return c, nil
}

// readLine returns one line without its newline, refusing longer ones.
func readLine(br *bufio.Reader, max int) ([]byte, error) {
	var line []byte
	for {
		chunk, err := br.ReadSlice('\n')
		line = append(line, chunk...)
		if len(line) > max+1 {
			return nil, fmt.Errorf("line longer than %d bytes (--max-event-size)", max)
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continue
		}
		return bytes.TrimSuffix(line, []byte("\n")), err
	}
}

func (c *Capture) add(raw []byte, seen map[string]bool) error {
	var l captureLine
	if raw[0] != '{' {
		return errors.New("not a JSON object; --replay reads what `dstail --json` wrote")
	}
	if err := json.Unmarshal(raw, &l); err != nil {
		return fmt.Errorf("not a dstail --json record: %v", err)
	}
	switch {
	case l.Session != nil && l.Stream == nil:
		if len(c.Streams) > 0 {
			return errors.New("a session event in a stream capture")
		}
		ev, err := l.event()
		if err != nil {
			return err
		}
		if !seen[ev.Session] {
			seen[ev.Session] = true
			c.Sessions = append(c.Sessions, ev.Session)
		}
		c.Events = append(c.Events, ev)
	case l.Stream != nil && l.Session == nil:
		if len(c.Events) > 0 {
			return errors.New("a stream message in a session capture")
		}
		return c.addStream(l)
	default:
		return errors.New(`neither a session event ("session", "type", "data") nor a stream message ("stream", "offset", "data")`)
	}
	return nil
}

func (l captureLine) event() (reconcile.Event, error) {
	switch {
	case *l.Session == "":
		return reconcile.Event{}, errors.New(`empty "session"`)
	case l.Type == "":
		return reconcile.Event{}, errors.New(`session event without "type"`)
	case len(l.Data) == 0 || l.Data[0] != '{':
		return reconcile.Event{}, errors.New(`session event whose "data" is not an object`)
	case l.Seq != nil && *l.Seq < 0:
		return reconcile.Event{}, errors.New(`negative "seq"`)
	}
	ev := reconcile.Event{Type: l.Type, Session: *l.Session, ID: l.ID, Data: l.Data, Synthetic: l.Synthetic}
	if l.Seq != nil {
		ev.Sync, ev.Seq = true, *l.Seq
	}
	return ev, nil
}

// addStream joins consecutive messages of one stream and offset into one
// batch, as they were delivered.
func (c *Capture) addStream(l captureLine) error {
	if *l.Stream == "" || l.Offset == nil || *l.Offset == "" || len(l.Data) == 0 {
		return errors.New(`stream message without "stream", "offset" or "data"`)
	}
	kind, data := feed.KindJSON, []byte(l.Data)
	if l.Data[0] == '"' {
		var text string
		if err := json.Unmarshal(l.Data, &text); err != nil {
			return err
		}
		kind, data = feed.KindLines, []byte(text)
		if l.Chunk {
			kind = feed.KindText
		}
	} else if l.Chunk {
		return errors.New(`a "chunk" record whose "data" is not a string`)
	}
	msg := feed.Message{Data: data}
	if n := len(c.Streams); n > 0 {
		last := &c.Streams[n-1]
		if last.Stream == *l.Stream && last.Batch.Offset == *l.Offset && last.Batch.Kind == kind {
			last.Batch.Messages = append(last.Batch.Messages, msg)
			return nil
		}
	}
	c.Streams = append(c.Streams, StreamBatch{Stream: *l.Stream, Batch: feed.Batch{
		Kind: kind, Offset: *l.Offset, Messages: []feed.Message{msg}, After: feed.Position{Offset: *l.Offset},
	}})
	return nil
}

// ParseSessionRecord reads one session record (a message of a relayed
// session's stream); ok is false for anything else.
func ParseSessionRecord(raw []byte) (reconcile.Event, bool, error) {
	var l captureLine
	if err := json.Unmarshal(raw, &l); err != nil {
		return reconcile.Event{}, false, err
	}
	if l.Session == nil || l.Stream != nil {
		return reconcile.Event{}, false, errors.New(`no "session"`)
	}
	ev, err := l.event()
	return ev, err == nil, err
}
