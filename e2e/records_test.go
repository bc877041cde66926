package e2e

import (
	"bytes"
	"encoding/json"
	"fmt"
	"strconv"
	"strings"
	"testing"
)

// record is one line of dstail --json.
type record struct {
	Stream string          `json:"stream"`
	Offset string          `json:"offset"`
	Data   json.RawMessage `json:"data"`
	Chunk  bool            `json:"chunk"` // text/*: data is text as it arrived
}

// parseRecords decodes NDJSON output strictly: every line a record with all
// three fields, and no unterminated last line.
func parseRecords(t *testing.T, out string) []record {
	t.Helper()
	if out != "" && !strings.HasSuffix(out, "\n") {
		t.Fatalf("output ends in an unterminated line: %q", tail(out, 200))
	}
	var recs []record
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" && out == "" {
			break
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var r record
		if err := dec.Decode(&r); err != nil || r.Stream == "" || r.Offset == "" || r.Data == nil {
			t.Fatalf("line %d is not a {stream, offset, data} record (%v): %q", i+1, err, line)
		}
		recs = append(recs, r)
	}
	return recs
}

// seqOf extracts the sequence number each message carries: {"n":N} in JSON
// streams, textLine(N) in text streams.
func seqOf(t *testing.T, recs []record) []int {
	t.Helper()
	seq := make([]int, len(recs))
	for i, r := range recs {
		n, err := seqNumber(r.Data)
		if err != nil {
			t.Fatalf("record %d: %v: %s", i+1, err, r.Data)
		}
		seq[i] = n
	}
	return seq
}

func seqNumber(data json.RawMessage) (int, error) {
	if bytes.HasPrefix(data, []byte("{")) {
		var m struct {
			N *int `json:"n"`
		}
		if err := json.Unmarshal(data, &m); err != nil || m.N == nil {
			return 0, fmt.Errorf("not a {\"n\": N} message")
		}
		return *m.N, nil
	}
	var s string
	if err := json.Unmarshal(data, &s); err != nil {
		return 0, fmt.Errorf("data is neither an object nor a string")
	}
	return textSeq(s)
}

// textLine is the n-th line of a text stream, without its newline. It has
// no spaces: text over SSE loses a space that starts a payload line, and
// writers split lines anywhere.
func textLine(n int) string { return fmt.Sprintf("line-%05d", n) }

func textSeq(s string) (int, error) {
	num, ok := strings.CutPrefix(s, "line-")
	if !ok {
		return 0, fmt.Errorf("text %q is not a numbered line", s)
	}
	return strconv.Atoi(num)
}

// checkSequence fails unless got is exactly from, from+1, …, to-1, naming the
// first duplicate, gap or reordering.
func checkSequence(t *testing.T, got []int, from, to int) {
	t.Helper()
	seen := map[int]int{}
	for i, n := range got {
		want := from + i
		if n == want {
			seen[n] = i
			continue
		}
		where := fmt.Sprintf("message %d is %d, want %d", i+1, n, want)
		switch first, dup := seen[n]; {
		case dup:
			t.Fatalf("%s: duplicate of message %d; around it: %v", where, first+1, around(got, i))
		case n > want:
			t.Fatalf("%s: gap, %d..%d missing; around it: %v", where, want, n-1, around(got, i))
		default:
			t.Fatalf("%s: out of order; around it: %v", where, around(got, i))
		}
	}
	if want := to - from; len(got) != want {
		t.Fatalf("got %d messages (%d..%d), want %d (%d..%d)", len(got), from, from+len(got)-1, want, from, to-1)
	}
}

func around(s []int, i int) []int {
	return s[max(0, i-5):min(len(s), i+6)]
}

func tail(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return "…" + s[len(s)-n:]
}
