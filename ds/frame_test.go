package ds

import (
	"slices"
	"strings"
	"testing"

	"github.com/dstail/dstail/feed"
)

func TestKindOf(t *testing.T) {
	cases := map[string]feed.Kind{
		"application/json":                feed.KindJSON,
		"Application/JSON; charset=utf-8": feed.KindJSON,
		"text/plain":                      feed.KindText,
		"text/csv;charset=utf-8":          feed.KindText,
		"application/x-ndjson":            feed.KindLines,
		"application/ndjson":              feed.KindLines,
		"application/jsonl":               feed.KindLines,
		"application/octet-stream":        feed.KindBytes,
		"":                                feed.KindBytes,
		"text/plain; broken=":             feed.KindText, // unparsable parameters still name the type
	}
	for ct, want := range cases {
		if got := feed.KindOf(ct); got != want {
			t.Errorf("KindOf(%q) = %v, want %v", ct, got, want)
		}
	}
}

// read is one response of a framer test: bytes (or JSON arrays, one per
// piece) found between offsets start and end.
type read struct {
	start, end string
	pieces     []string
}

// framed is a message as text with its position, for comparisons.
type framed struct {
	data  string
	after feed.Position
}

func feedReads(t *testing.T, kind feed.Kind, from feed.Position, reads []read, closed bool) ([]framed, feed.Position, error) {
	t.Helper()
	f := newFramer(kind, from)
	var out []framed
	for i, rd := range reads {
		var pieces [][]byte
		for _, p := range rd.pieces {
			pieces = append(pieces, []byte(p))
		}
		msgs, err := f.feed(rd.start, rd.end, pieces)
		if err != nil {
			return out, f.after, err
		}
		if closed && i == len(reads)-1 {
			msgs = append(msgs, f.flush(rd.end)...)
		}
		for _, m := range msgs {
			out = append(out, framed{string(m.Data), m.After})
		}
	}
	return out, f.after, nil
}

func at(offset string, skip int64) feed.Position { return feed.Position{Offset: offset, Skip: skip} }

func TestFramer(t *testing.T) {
	start := at("o0", 0)
	cases := []struct {
		name      string
		kind      feed.Kind
		from      feed.Position
		reads     []read
		closed    bool
		want      []framed
		wantAfter feed.Position
		wantErr   string
	}{
		{name: "json array splits into messages", kind: feed.KindJSON, from: start,
			reads: []read{{"o0", "o1", []string{`[1, {"a": [2]}, "x y"]`}}},
			want:  []framed{{"1", at("o0", 1)}, {`{"a": [2]}`, at("o0", 2)}, {`"x y"`, at("o1", 0)}}, wantAfter: at("o1", 0)},
		{name: "json arrays of several data events merge", kind: feed.KindJSON, from: start,
			reads: []read{{"o0", "o1", []string{`[1]`, `[]`, "[2,\n3]"}}},
			want:  []framed{{"1", at("o0", 1)}, {"2", at("o0", 2)}, {"3", at("o1", 0)}}, wantAfter: at("o1", 0)},
		{name: "json empty batches still move the position", kind: feed.KindJSON, from: start,
			reads:     []read{{"o0", "o1", []string{`[]`}}, {"o1", "o2", []string{` `}}, {"o2", "o3", nil}},
			wantAfter: at("o3", 0)},
		{name: "json nested array is one message", kind: feed.KindJSON, from: start,
			reads: []read{{"o0", "o1", []string{`[[1,2]]`}}},
			want:  []framed{{"[1,2]", at("o1", 0)}}, wantAfter: at("o1", 0)},
		{name: "json invalid body", kind: feed.KindJSON, from: start,
			reads: []read{{"o0", "o1", []string{`[1,`}}}, wantErr: "invalid JSON batch"},
		{name: "json object instead of array", kind: feed.KindJSON, from: start,
			reads: []read{{"o0", "o1", []string{`{"a":1}`}}}, wantErr: "invalid JSON batch"},
		{name: "json skip within the first read", kind: feed.KindJSON, from: at("o0", 2),
			reads: []read{{"o0", "o1", []string{`[1,2,3]`}}},
			want:  []framed{{"3", at("o1", 0)}}, wantAfter: at("o1", 0)},
		{name: "json skip beyond the first read", kind: feed.KindJSON, from: at("o0", 4),
			reads: []read{{"o0", "o1", []string{`[1,2,3]`}}, {"o1", "o2", []string{`[4,5,6]`}}},
			want:  []framed{{"5", at("o1", 2)}, {"6", at("o2", 0)}}, wantAfter: at("o2", 0)},
		{name: "json skip equal to the first read", kind: feed.KindJSON, from: at("o0", 3),
			reads: []read{{"o0", "o1", []string{`[1,2,3]`}}}, wantAfter: at("o1", 0)},

		{name: "lines in one read", kind: feed.KindLines, from: start,
			reads: []read{{"o0", "o1", []string{"a\nbb\n"}}},
			want:  []framed{{"a", at("o0", 1)}, {"bb", at("o1", 0)}}, wantAfter: at("o1", 0)},
		{name: "lines spanning reads", kind: feed.KindLines, from: start,
			reads: []read{{"o0", "o1", []string{"ab"}}, {"o1", "o2", []string{"c\nd"}}, {"o2", "o3", []string{"", "\n"}}},
			want:  []framed{{"abc", at("o1", 1)}, {"d", at("o3", 0)}}, wantAfter: at("o3", 0)},
		{name: "lines with CRLF, also split between reads", kind: feed.KindLines, from: start,
			reads: []read{{"o0", "o1", []string{"a\r\nb\r"}}, {"o1", "o2", []string{"\n"}}},
			want:  []framed{{"a", at("o0", 1)}, {"b", at("o2", 0)}}, wantAfter: at("o2", 0)},
		{name: "lines empty lines are messages", kind: feed.KindLines, from: start,
			reads: []read{{"o0", "o1", []string{"\n\n"}}},
			want:  []framed{{"", at("o0", 1)}, {"", at("o1", 0)}}, wantAfter: at("o1", 0)},
		{name: "lines final partial line waits while open", kind: feed.KindLines, from: start,
			reads: []read{{"o0", "o1", []string{"a\npart"}}},
			want:  []framed{{"a", at("o0", 1)}}, wantAfter: at("o0", 1)},
		{name: "lines final partial line delivered at close", kind: feed.KindLines, from: start, closed: true,
			reads: []read{{"o0", "o1", []string{"a\npa"}}, {"o1", "o2", []string{"rt\r"}}},
			want:  []framed{{"a", at("o0", 1)}, {"part", at("o2", 0)}}, wantAfter: at("o2", 0)},
		{name: "lines skip within the first read", kind: feed.KindLines, from: at("o0", 1),
			reads: []read{{"o0", "o1", []string{"a\nb\n"}}},
			want:  []framed{{"b", at("o1", 0)}}, wantAfter: at("o1", 0)},
		{name: "lines skip beyond the first read, through a split line", kind: feed.KindLines, from: at("o0", 3),
			reads: []read{{"o0", "o1", []string{"a\nb"}}, {"o1", "o2", []string{"b\nc\nd\n"}}},
			want:  []framed{{"d", at("o2", 0)}}, wantAfter: at("o2", 0)},
		{name: "lines skip left over is counted from the next offset", kind: feed.KindLines, from: at("o0", 3),
			reads: []read{{"o0", "o1", []string{"a\nb"}}}, wantAfter: at("o1", 2)},

		{name: "bytes chunk per read", kind: feed.KindBytes, from: start,
			reads: []read{{"o0", "o1", []string{"ab", "c"}}, {"o1", "o2", []string{"\x00\xff"}}, {"o2", "o3", nil}},
			want:  []framed{{"abc", at("o1", 0)}, {"\x00\xff", at("o2", 0)}}, wantAfter: at("o3", 0)},
		{name: "bytes skip within the first read", kind: feed.KindBytes, from: at("o0", 3),
			reads: []read{{"o0", "o1", []string{"abcd"}}},
			want:  []framed{{"d", at("o1", 0)}}, wantAfter: at("o1", 0)},
		{name: "bytes skip beyond the first read", kind: feed.KindBytes, from: at("o0", 5),
			reads: []read{{"o0", "o1", []string{"abcd"}}, {"o1", "o2", []string{"efg"}}},
			want:  []framed{{"fg", at("o2", 0)}}, wantAfter: at("o2", 0)},
		{name: "bytes skip left over", kind: feed.KindBytes, from: at("o0", 6),
			reads: []read{{"o0", "o1", []string{"abcd"}}}, wantAfter: at("o1", 2)},
	}
	for _, c := range cases {
		t.Run(c.kind.String()+"/"+c.name, func(t *testing.T) {
			got, after, err := feedReads(t, c.kind, c.from, c.reads, c.closed)
			if c.wantErr != "" {
				if err == nil || !strings.Contains(err.Error(), c.wantErr) {
					t.Fatalf("err = %v, want one containing %q", err, c.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatal(err)
			}
			if !slices.Equal(got, c.want) {
				t.Errorf("messages\n got %+v\nwant %+v", got, c.want)
			}
			if after != c.wantAfter {
				t.Errorf("after = %+v, want %+v", after, c.wantAfter)
			}
		})
	}
}
