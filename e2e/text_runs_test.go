package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
)

// textOf joins the data of text records, each a chunk of the stream's text
// exactly as it arrived ("chunk":true).
func textOf(recs []record) (string, error) {
	var b strings.Builder
	for i, r := range recs {
		var s string
		if err := json.Unmarshal(r.Data, &s); err != nil || !r.Chunk {
			return "", fmt.Errorf("record %d is not a text chunk (chunk %v, %v): %s", i+1, r.Chunk, err, r.Data)
		}
		b.WriteString(s)
	}
	return b.String(), nil
}

// textBytesPrinted is how many bytes of text the complete records of a
// running dstail's --json output hold so far.
func textBytesPrinted(out string) int {
	recs, err := decodeRecords(out[:strings.LastIndexByte(out, '\n')+1])
	if err != nil {
		return 0
	}
	text, _ := textOf(recs)
	return len(text)
}

// checkTextRuns checks the --json records of consecutive dstail runs on one
// state directory of a text stream, all but the last killed: their chunks
// together must be want, byte for byte, each byte once. Positions count
// bytes, so a run resumes exactly where the last position it saved points,
// even inside a line or a batch. The one repeat allowed: a run may begin by
// printing again bytes of the last batch its predecessor printed (its
// records with the last offset), when SIGKILL landed between that batch
// reaching stdout and its position reaching the journal. It returns the
// bytes printed again.
func checkTextRuns(runs [][]record, want string) (repeated string, err error) {
	got := 0 // want[:got] was printed, once
	var prev []record
	for i, recs := range runs {
		text, err := textOf(recs)
		if err != nil {
			return repeated, fmt.Errorf("run %d: %w", i+1, err)
		}
		// The run starts at got, or up to the length of the previous run's
		// last batch before it; the latest start that fits wins.
		earliest := got - lastBatchBytes(prev)
		start := -1
		for p := got; p >= max(earliest, 0); p-- {
			if strings.HasPrefix(want[p:], text) {
				start = p
				break
			}
		}
		if start < 0 {
			return repeated, fmt.Errorf("run %d: %s", i+1, textMismatch(want, got, text, earliest))
		}
		if start < got {
			repeated += want[start:min(got, start+len(text))]
		}
		got = max(got, start+len(text))
		prev = recs
	}
	if got != len(want) {
		return repeated, fmt.Errorf("the runs printed %d of %d bytes; missing from byte %d: %q", got, len(want), got, cut(want[got:], 60))
	}
	return repeated, nil
}

// lastBatchBytes is the text of recs' last batch (its records with the last
// offset), in bytes.
func lastBatchBytes(recs []record) int {
	n := 0
	for k := len(recs) - 1; k >= 0 && recs[k].Offset == recs[len(recs)-1].Offset; k-- {
		text, err := textOf(recs[k : k+1])
		if err != nil {
			return 0
		}
		n += len(text)
	}
	return n
}

// textMismatch names how a run's text fails to continue want[:got]: what it
// printed against what was due, and whether it starts earlier than the
// previous run's last batch (a stale position) or skips ahead (a loss).
func textMismatch(want string, got int, text string, earliest int) string {
	if at := strings.Index(want, text); at >= 0 && at < got {
		return fmt.Sprintf("starts at byte %d, %d bytes before byte %d, earlier than the previous run's last batch (from byte %d): a stale position (duplicate)",
			at, got-at, got, max(earliest, 0))
	}
	if at := strings.Index(want, text); at > got {
		return fmt.Sprintf("starts at byte %d, want %d: %q lost (gap)", at, got, cut(want[got:at], 60))
	}
	same := 0
	for same < len(text) && got+same < len(want) && text[same] == want[got+same] {
		same++
	}
	return fmt.Sprintf("byte %d: printed %q, want %q (corrupted, repeated or reordered)", got+same, cut(text[same:], 60), cut(want[got+same:], 60))
}

func cut(s string, n int) string {
	if len(s) > n {
		return s[:n] + "…"
	}
	return s
}
