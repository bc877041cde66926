package reconcile

import (
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
)

// wireEvent covers the three frame shapes in one struct: the bare event of
// /event, the payload of /global/event (also a `sync` twin) and the
// experimental /api/event envelope (data + durable + location).
type wireEvent struct {
	ID         string          `json:"id"`
	Type       string          `json:"type"`
	Properties json.RawMessage `json:"properties"`
	SyncEvent  *wireSync       `json:"syncEvent"`

	Data     json.RawMessage `json:"data"`
	Durable  *wireDurable    `json:"durable"`
	Location *wireLocation   `json:"location"`

	Directory string          `json:"directory"`
	Payload   json.RawMessage `json:"payload"`
}

type wireSync struct {
	ID          string          `json:"id"`
	Type        string          `json:"type"`
	Seq         *int64          `json:"seq"`
	AggregateID string          `json:"aggregateID"`
	Data        json.RawMessage `json:"data"`
}

type wireDurable struct {
	AggregateID string `json:"aggregateID"`
	Seq         int64  `json:"seq"`
	Version     int    `json:"version"`
}

type wireLocation struct {
	Directory string `json:"directory"`
}

// DecodeFrame decodes the payload of one SSE `data:` line from
// /global/event (envelope, including sync twins), /event (bare event) or
// the experimental /api/event. known reports whether the model understands
// the event type; unknown types are returned without error so callers can
// count or log them.
func DecodeFrame(data []byte) (ev Event, known bool, err error) {
	if ev, ok := fastFrame(string(data), nil); ok {
		return ev, Known(ev.Type), nil
	}
	return decodeWire(data)
}

// decodeWire is DecodeFrame by encoding/json: every shape, and the
// reference the fast path agrees with.
func decodeWire(data []byte) (ev Event, known bool, err error) {
	var outer wireEvent
	if err := json.Unmarshal(data, &outer); err != nil {
		return Event{}, false, fmt.Errorf("reconcile: bad frame: %w", err)
	}
	w := outer
	if isPresent(outer.Payload) {
		var inner wireEvent
		if err := json.Unmarshal(outer.Payload, &inner); err != nil {
			return Event{}, false, fmt.Errorf("reconcile: bad frame payload: %w", err)
		}
		inner.Directory = outer.Directory
		w = inner
	}
	ev, err = fromWire(w)
	if err != nil {
		return Event{}, false, err
	}
	return ev, Known(ev.Type), nil
}

func fromWire(w wireEvent) (Event, error) {
	if w.Type == "" {
		return Event{}, errors.New("reconcile: frame has no event type")
	}
	ev := Event{Type: w.Type, ID: w.ID, Directory: w.Directory}
	aggregate := ""
	data := w.Properties
	switch {
	case w.Type == "sync":
		s := w.SyncEvent
		if s == nil || s.Type == "" || s.Seq == nil {
			return Event{}, errors.New("reconcile: sync frame without syncEvent type and seq")
		}
		ev.Type, ev.Version = splitVersion(s.Type)
		ev.Sync, ev.Seq = true, *s.Seq
		if s.ID != "" {
			ev.ID = s.ID
		}
		aggregate, data = s.AggregateID, s.Data
	case !isPresent(data) && isPresent(w.Data):
		data = w.Data
		if w.Durable != nil {
			ev.Sync, ev.Seq, ev.Version = true, w.Durable.Seq, w.Durable.Version
			aggregate = w.Durable.AggregateID
		}
		if w.Location != nil && ev.Directory == "" {
			ev.Directory = w.Location.Directory
		}
	}
	if ev.Sync && ev.Seq < 0 {
		return Event{}, fmt.Errorf("reconcile: negative seq %d", ev.Seq)
	}
	props, err := propertiesObject(data)
	if err != nil {
		return Event{}, err
	}
	ev.Data = props
	ev.Session = aggregate
	if ev.Session == "" {
		ev.Session = sessionOf(ev.Type, props)
	}
	return ev, nil
}

// propertiesObject accepts a missing properties member as {} (heartbeats
// have empty properties anyway) but rejects anything that is not an object.
func propertiesObject(data json.RawMessage) (json.RawMessage, error) {
	if !isPresent(data) {
		return json.RawMessage(`{}`), nil
	}
	obj, ok := compactObject(data)
	if !ok {
		return nil, errors.New("reconcile: event properties are not a JSON object")
	}
	return obj, nil
}

func isPresent(raw json.RawMessage) bool {
	raw = bytes.TrimSpace(raw)
	return len(raw) > 0 && !bytes.Equal(raw, []byte("null"))
}

// splitVersion turns "message.part.updated.1" into ("message.part.updated", 1).
func splitVersion(t string) (string, int) {
	i := strings.LastIndexByte(t, '.')
	if i <= 0 {
		return t, 0
	}
	v, err := strconv.Atoi(t[i+1:])
	if err != nil || v < 0 {
		return t, 0
	}
	return t[:i], v
}

// sessionOf finds the session an event belongs to: properties.sessionID,
// else info.sessionID (messages) or info.id (session.* events), else
// part.sessionID.
func sessionOf(eventType string, props json.RawMessage) string {
	// Most events name the session at the top: one typed decode, no maps.
	var top struct {
		SessionID string `json:"sessionID"`
	}
	if json.Unmarshal(props, &top) == nil && top.SessionID != "" {
		return top.SessionID
	}
	fields, ok := objectFields(props)
	if !ok {
		return ""
	}
	if s, _ := stringField(fields, "sessionID"); s != "" {
		return s
	}
	if info, ok := objectFields(fields["info"]); ok {
		if s, _ := stringField(info, "sessionID"); s != "" {
			return s
		}
		if strings.HasPrefix(eventType, "session.") {
			s, _ := stringField(info, "id")
			return s
		}
	}
	if part, ok := objectFields(fields["part"]); ok {
		s, _ := stringField(part, "sessionID")
		return s
	}
	return ""
}
