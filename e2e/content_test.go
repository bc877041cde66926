package e2e

import (
	"bytes"
	"encoding/base64"
	"encoding/json"
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

// TestContentTypes checks how each kind of stream reaches --json records,
// over every way of reading: text streams give one string per line, binary
// streams base64 of their bytes, JSON streams each value compacted.
func TestContentTypes(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	binary := []byte{0, 1, 2, 0xff, 0xfe, '\n', '\r', 0x80, 'd', 's', 0x1b, '[', '2', 'J', 0}
	tests := []struct {
		name        string
		contentType string
		appends     []string
		// want is the data of every record, JSON-encoded; for bytes, wantBytes
		// is what the decoded records concatenate to, however they are split.
		want      []string
		wantBytes []byte
		// Text streams: the chunks of every record join to the appends
		// byte for byte; what comes over SSE (asked for with --live sse)
		// follows the protocol's rules, which turn CR into LF: wantSSE.
		text    bool
		wantSSE string
	}{
		{
			name: "text exact", contentType: "text/plain", text: true,
			appends: []string{"alpha\nbe", "ta\n", "ünïcødé ✓\n\n", "tab\tand \"quotes\"\nlast"},
			wantSSE: "alpha\nbeta\nünïcødé ✓\n\ntab\tand \"quotes\"\nlast",
		},
		{
			name: "text CRLF", contentType: "text/plain; charset=utf-8", text: true,
			appends: []string{"one\r\ntwo\r", "\nthree\r\n"},
			wantSSE: "one\r\ntwo\r\nthree\n", // the first append comes by catch-up, exact
		},
		{
			name: "NDJSON lines stay strings", contentType: "application/x-ndjson",
			appends: []string{`{"a":1}` + "\n", `{"b":[2]}` + "\n"},
			want:    []string{`"{\"a\":1}"`, `"{\"b\":[2]}"`},
		},
		{
			name: "JSON values compacted", contentType: "application/json",
			appends: []string{"[\n  {\"a\": 1,\n   \"b\": \"x\\ny\"},\n  2\n]", `"s"`, `[[1,2],{"c":null}]`},
			want:    []string{`{"a":1,"b":"x\ny"}`, `2`, `"s"`, `[1,2]`, `{"c":null}`},
		},
		{
			name: "bytes as base64", contentType: "application/octet-stream",
			appends:   []string{string(binary[:5]), string(binary[5:11]), string(binary[11:])},
			wantBytes: binary,
		},
	}
	modes := [][]string{{"--once"}, {"--live", "sse"}, {"--live", "long-poll"}}
	for i, tc := range tests {
		for j, mode := range modes {
			t.Run(tc.name+"/"+strings.Join(mode, " "), func(t *testing.T) {
				t.Parallel()
				stream := fmt.Sprintf("content-%d-%d", i, j)
				srv.Create(t, stream, tc.contentType)
				// --once reads everything in catch-up; live modes get the first
				// append in catch-up and the rest live. The close ends both.
				before := 1
				if mode[0] == "--once" {
					before = len(tc.appends)
				}
				for _, a := range tc.appends[:before] {
					srv.Append(t, stream, []byte(a))
				}
				if before == len(tc.appends) {
					srv.Close(t, stream)
				}
				args := append([]string{"--json", "--no-save"}, mode...)
				p := startDstail(t, t.TempDir(), append(args, srv.StreamURL(stream))...)
				if before < len(tc.appends) {
					waitFor(t, "the catch-up", func() bool { return p.stdout.Lines() > 0 })
					time.Sleep(200 * time.Millisecond) // parked in the live request
					for _, a := range tc.appends[before:] {
						srv.Append(t, stream, []byte(a))
					}
					srv.Close(t, stream)
				}
				if code := p.wait(t); code != 0 {
					t.Fatalf("exit %d; stderr:\n%s", code, p.stderr.String())
				}
				recs := parseRecords(t, p.stdout.String())
				got := dataOf(recs)
				if tc.text {
					checkText(t, recs, tc.appends, tc.wantSSE, mode[len(mode)-1] == "sse")
					return
				}
				if tc.wantBytes != nil {
					if b := decodeBase64Data(t, got); !bytes.Equal(b, tc.wantBytes) {
						t.Fatalf("bytes %q, want %q", b, tc.wantBytes)
					}
					return
				}
				if len(got) != len(tc.want) {
					t.Fatalf("got %d records %s, want %d %s", len(got), got, len(tc.want), tc.want)
				}
				for k := range got {
					if string(got[k]) != tc.want[k] {
						t.Errorf("record %d: data %s, want %s", k+1, got[k], tc.want[k])
					}
				}
			})
		}
	}
}

func dataOf(recs []record) []json.RawMessage {
	data := make([]json.RawMessage, len(recs))
	for i, r := range recs {
		data[i] = r.Data
	}
	return data
}

// decodeBase64Data concatenates the bytes of binary records.
func decodeBase64Data(t *testing.T, data []json.RawMessage) []byte {
	t.Helper()
	var all []byte
	for i, d := range data {
		var s string
		if err := json.Unmarshal(d, &s); err != nil {
			t.Fatalf("record %d: data %s is not a string", i+1, d)
		}
		b, err := base64.StdEncoding.DecodeString(s)
		if err != nil {
			t.Fatalf("record %d: data %q is not base64: %v", i+1, s, err)
		}
		all = append(all, b...)
	}
	return all
}

// checkText folds text records back: each a chunk, joined exactly.
func checkText(t *testing.T, recs []record, appends []string, wantSSE string, sse bool) {
	t.Helper()
	var folded strings.Builder
	for _, r := range recs {
		var s string
		if err := json.Unmarshal(r.Data, &s); err != nil || !r.Chunk {
			t.Fatalf("text record %s: %v, chunk %v", r.Data, err, r.Chunk)
		}
		folded.WriteString(s)
	}
	want := strings.Join(appends, "")
	if sse {
		want = wantSSE
	}
	if folded.String() != want {
		t.Errorf("text %q, want %q", folded.String(), want)
	}
}
