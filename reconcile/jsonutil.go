package reconcile

import (
	"bytes"
	"encoding/json"
	"reflect"
)

// compactObject returns raw without insignificant whitespace, or false when
// raw is not a JSON object. Everything the model stores goes through it so
// that byte lengths and equality do not depend on how a body was indented.
func compactObject(raw []byte) (json.RawMessage, bool) {
	raw = bytes.TrimSpace(raw)
	if len(raw) == 0 || raw[0] != '{' {
		return nil, false
	}
	var buf bytes.Buffer
	if err := json.Compact(&buf, raw); err != nil {
		return nil, false
	}
	return json.RawMessage(buf.Bytes()), true
}

// objectFields splits a JSON object into its members without decoding them.
func objectFields(raw []byte) (map[string]json.RawMessage, bool) {
	var fields map[string]json.RawMessage
	if err := json.Unmarshal(raw, &fields); err != nil || fields == nil {
		return nil, false
	}
	return fields, true
}

// stringField returns the member key of an object when it is a JSON string.
func stringField(fields map[string]json.RawMessage, key string) (string, bool) {
	raw, ok := fields[key]
	if !ok {
		return "", false
	}
	var s string
	if err := json.Unmarshal(raw, &s); err != nil {
		return "", false
	}
	return s, true
}

// withStrings returns obj with the given members replaced by JSON strings.
func withStrings(obj json.RawMessage, values map[string][]byte) json.RawMessage {
	if len(values) == 0 {
		return obj
	}
	fields, ok := objectFields(obj)
	if !ok {
		fields = map[string]json.RawMessage{}
	}
	for key, value := range values {
		encoded, err := json.Marshal(string(value))
		if err != nil {
			continue
		}
		fields[key] = encoded
	}
	out, err := json.Marshal(fields)
	if err != nil {
		return obj
	}
	return out
}

// marshalObject encodes a properties object the model builds itself; the
// inputs are plain strings and already valid raw JSON, so it cannot fail.
func marshalObject(fields map[string]any) json.RawMessage {
	out, err := json.Marshal(fields)
	if err != nil {
		return json.RawMessage(`{}`)
	}
	return out
}

// jsonEqual reports whether two JSON documents hold the same value, ignoring
// key order and formatting. Numbers are compared by their literal text.
func jsonEqual(a, b []byte) bool {
	if bytes.Equal(a, b) {
		// The common case (a merge re-applying what it just stored): the
		// same valid text is the same value, without decoding both.
		return json.Valid(a)
	}
	va, okA := decodeAny(a)
	vb, okB := decodeAny(b)
	return okA && okB && reflect.DeepEqual(va, vb)
}

func decodeAny(raw []byte) (any, bool) {
	dec := json.NewDecoder(bytes.NewReader(raw))
	dec.UseNumber()
	var v any
	if err := dec.Decode(&v); err != nil {
		return nil, false
	}
	return v, true
}

// dataID reads the id member name of an event's properties; false when the
// properties are not an object or the id is missing.
func dataID(data json.RawMessage, name string) (string, bool) {
	fields, ok := objectFields(data)
	if !ok {
		return "", false
	}
	id, _ := stringField(fields, name)
	return id, id != ""
}
