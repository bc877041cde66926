package output

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"

	"github.com/dstail/dstail/feed"
)

func batch(kind feed.Kind, msgs ...string) *feed.Batch {
	b := &feed.Batch{Kind: kind, Offset: "0_12"}
	for _, m := range msgs {
		b.Messages = append(b.Messages, feed.Message{Data: []byte(m)})
	}
	return b
}

func TestStreamWriterJSON(t *testing.T) {
	tests := []struct {
		name string
		b    *feed.Batch
		want []string // expected "data" values, as JSON
	}{
		{"json values", batch(feed.KindJSON, `{"n":1}`, `"s"`, `[1,2]`), []string{`{"n":1}`, `"s"`, `[1,2]`}},
		{"pretty json is compacted", batch(feed.KindJSON, "{\n  \"n\": 1\n}"), []string{`{"n":1}`}},
		{"lines are strings", batch(feed.KindLines, "hello", `quote " and \ back`), []string{`"hello"`, `"quote \" and \\ back"`}},
		{"invalid utf8 line", batch(feed.KindLines, "a\xffb"), []string{`"a\ufffdb"`}},
		{"bytes are base64", batch(feed.KindBytes, "\x00\x01\xff"), []string{`"AAH/"`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := NewStreamWriter(&out, "http://h/s", true).WriteBatch(tt.b); err != nil {
				t.Fatal(err)
			}
			lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
			if len(lines) != len(tt.want) {
				t.Fatalf("%d lines, want %d: %q", len(lines), len(tt.want), out.String())
			}
			for i, line := range lines {
				var rec struct {
					Stream, Offset string
					Data           json.RawMessage
				}
				if err := json.Unmarshal([]byte(line), &rec); err != nil {
					t.Fatalf("line %d not JSON: %q", i, line)
				}
				if rec.Stream != "http://h/s" || rec.Offset != "0_12" || string(rec.Data) != tt.want[i] {
					t.Fatalf("line %d = %+v (data %s), want data %s", i, rec, rec.Data, tt.want[i])
				}
			}
		})
	}
}

func TestStreamWriterLines(t *testing.T) {
	tests := []struct {
		name string
		b    *feed.Batch
		want string
	}{
		{"json compact", batch(feed.KindJSON, "{\"a\": \"\\u001b[2J\"}"), "{\"a\": \"\\u001b[2J\"}\n"},
		{"text sanitised", batch(feed.KindLines, "red \x1b[31mX\x1b[0m\r"), "red X\n"},
		{"binary", batch(feed.KindBytes, "\x00\x01"), "2 bytes: AAE=\n"},
		{"utf8 bytes as text", batch(feed.KindBytes, "héllo\x1b]0;t\x07"), "héllo\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var out bytes.Buffer
			if err := NewStreamWriter(&out, "s", false).WriteBatch(tt.b); err != nil {
				t.Fatal(err)
			}
			if out.String() != tt.want {
				t.Fatalf("got %q, want %q", out.String(), tt.want)
			}
			if bytes.ContainsRune(out.Bytes(), 0x1b) {
				t.Fatal("escape byte reached the terminal")
			}
		})
	}
}
