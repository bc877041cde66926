package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
	"testing"
)

// TestSoakCheckerCatchesLossAndRepeats feeds the soak's checker made-up
// outputs, so a soak that passes is known to be able to fail.
func TestSoakCheckerCatchesLossAndRepeats(t *testing.T) {
	t.Parallel()
	line := func(n int, offset string) string {
		data, _ := json.Marshal(soakJSON{N: n, S: soakText(n)})
		return fmt.Sprintf(`{"stream":"s","offset":%q,"data":%s}`+"\n", offset, data)
	}
	lines := func(offset string, ns ...int) string {
		var b strings.Builder
		for _, n := range ns {
			b.WriteString(line(n, offset))
		}
		return b.String()
	}
	corrupt := strings.Replace(lines("b", 2), "日本語", "日\ufffd語", 1)
	tests := []struct {
		name    string
		outputs []string
		wantErr string // empty: passes
		repeats int
	}{
		{"exact over two runs", []string{lines("a", 0, 1), lines("b", 2, 3)}, "", 0},
		{"killed mid-line", []string{lines("a", 0, 1) + `{"stream":"s","off`, lines("b", 2, 3)}, "", 0},
		{"last batch again after a kill", []string{lines("a", 0) + lines("b", 1, 2), lines("b", 1, 2) + lines("c", 3)}, "", 2},
		{"older batch again", []string{lines("a", 0) + lines("b", 1, 2), lines("a", 0) + lines("c", 3)}, "duplicate", 0},
		{"duplicate inside a run", []string{lines("a", 0, 1, 1, 2, 3)}, "duplicate", 0},
		{"gap", []string{lines("a", 0, 1), lines("b", 3)}, "gap", 0},
		{"reordered", []string{lines("a", 0, 2, 1, 3)}, "gap or reordering", 0},
		{"missing tail", []string{lines("a", 0, 1, 2)}, "want 0..3", 0},
		{"corrupted text", []string{lines("a", 0, 1), corrupt, lines("c", 3)}, "arrived as", 0},
		{"unterminated last run", []string{lines("a", 0, 1, 2, 3) + "{"}, "unterminated", 0},
	}
	for _, tc := range tests {
		got, err := checkSoakOutput("application/json", tc.outputs, 4)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, err, tc.wantErr)
		case err == nil && got.windowRepeats != tc.repeats:
			t.Errorf("%s: %d repeats counted, want %d", tc.name, got.windowRepeats, tc.repeats)
		}
	}
}

// TestTextRunsCheckerCatchesLossAndRepeats feeds the byte-exact checker of
// text streams made-up runs, so a kill or soak test that passes is known
// to be able to fail.
func TestTextRunsCheckerCatchesLossAndRepeats(t *testing.T) {
	t.Parallel()
	const want = "ab\ncd\nef\n"
	chunk := func(offset, text string) record {
		data, _ := json.Marshal(text)
		return record{Stream: "s", Offset: offset, Data: data, Chunk: true}
	}
	run := func(recs ...record) []record { return recs }
	notChunk := chunk("a", want)
	notChunk.Chunk = false
	tests := []struct {
		name     string
		runs     [][]record
		wantErr  string // empty: passes
		repeated string
	}{
		{"exact, resumed inside a line", [][]record{run(chunk("a", "ab\nc")), run(chunk("b", "d\ne"), chunk("c", "f\n"))}, "", ""},
		{"last batch again after a kill", [][]record{run(chunk("a", "ab\n"), chunk("b", "cd")), run(chunk("b", "cd"), chunk("c", "\nef\n"))}, "", "cd"},
		{"older batch again", [][]record{run(chunk("a", "ab\n"), chunk("b", "cd\n")), run(chunk("a", "ab\ncd\n"), chunk("c", "ef\n"))}, "stale position", ""},
		{"gap", [][]record{run(chunk("a", "ab\n")), run(chunk("b", "d\nef\n"))}, "gap", ""},
		{"duplicate inside a run", [][]record{run(chunk("a", "ab\nab\ncd\nef\n"))}, "corrupted, repeated or reordered", ""},
		{"corrupted text", [][]record{run(chunk("a", "ab\nc\ufffd\nef\n"))}, "corrupted", ""},
		{"missing tail", [][]record{run(chunk("a", "ab\ncd\n"))}, "printed 6 of 9 bytes", ""},
		{"a record that is not a chunk", [][]record{run(notChunk)}, "not a text chunk", ""},
	}
	for _, tc := range tests {
		repeated, err := checkTextRuns(tc.runs, want)
		switch {
		case tc.wantErr == "" && err != nil:
			t.Errorf("%s: %v", tc.name, err)
		case tc.wantErr != "" && (err == nil || !strings.Contains(err.Error(), tc.wantErr)):
			t.Errorf("%s: error %v, want one mentioning %q", tc.name, err, tc.wantErr)
		case err == nil && repeated != tc.repeated:
			t.Errorf("%s: %q counted as repeated, want %q", tc.name, repeated, tc.repeated)
		}
	}
}
