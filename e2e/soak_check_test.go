package e2e

import (
	"encoding/json"
	"fmt"
	"strings"
)

// soakOutcome is what the checker found in the runs' output together.
type soakOutcome struct {
	messages int
	// windowRepeats counts messages printed again because SIGKILL landed
	// between a batch reaching stdout and its position reaching the journal
	// (the one repeat the design allows, see README "How it stays exact").
	windowRepeats int
}

// checkSoakOutput checks the output of consecutive dstail runs on one
// state directory, all but the last killed: together they must print
// messages 0..total-1 exactly once and in order, each intact. A killed
// run's unterminated last line was never fully printed and is dropped. A
// run may only repeat the last batch its predecessor printed (same offset);
// anything else repeated, missing or out of order is an error. Text
// streams are checked byte for byte (checkSoakText).
func checkSoakOutput(contentType string, outputs []string, total int) (soakOutcome, error) {
	var out soakOutcome
	runs, err := soakRuns(outputs)
	if err != nil {
		return out, err
	}
	if contentType != "application/json" {
		return checkSoakText(runs, total)
	}
	next := 0 // the message expected next
	for i, recs := range runs {
		repeats, err := checkRun(recs, &next, outputs[:i])
		if err != nil {
			return out, fmt.Errorf("run %d: %w", i+1, err)
		}
		out.windowRepeats += repeats
	}
	if next != total {
		return out, fmt.Errorf("got messages 0..%d, want 0..%d", next-1, total-1)
	}
	out.messages = next
	return out, nil
}

// soakRuns decodes the records of each run's output. A killed run's
// unterminated last line was never fully printed and is dropped; the last
// run must end its output.
func soakRuns(outputs []string) ([][]record, error) {
	runs := make([][]record, len(outputs))
	for i, text := range outputs {
		if i < len(outputs)-1 {
			text = text[:strings.LastIndexByte(text, '\n')+1]
		} else if text != "" && !strings.HasSuffix(text, "\n") {
			return nil, fmt.Errorf("the last run's output ends in an unterminated line")
		}
		recs, err := decodeRecords(text)
		if err != nil {
			return nil, fmt.Errorf("run %d: %w", i+1, err)
		}
		runs[i] = recs
	}
	return runs, nil
}

// checkSoakText checks the runs of a text soak stream: their chunks
// together are soakText(0..total-1), one a line, byte for byte (see
// checkTextRuns). Lines the SIGKILL window printed again, in whole or in
// part, count as repeats.
func checkSoakText(runs [][]record, total int) (soakOutcome, error) {
	var want strings.Builder
	for n := range total {
		want.WriteString(soakText(n) + "\n")
	}
	repeated, err := checkTextRuns(runs, want.String())
	if err != nil {
		return soakOutcome{}, err
	}
	repeats := strings.Count(repeated, "\n")
	if repeated != "" && !strings.HasSuffix(repeated, "\n") {
		repeats++
	}
	return soakOutcome{messages: total, windowRepeats: repeats}, nil
}

// checkRun checks one run's records against next, the message expected
// next, and advances it. The run may begin by repeating messages of the
// previous run's last batch, in order and up to next-1; it returns how many.
func checkRun(recs []record, next *int, before []string) (repeats int, err error) {
	prevOut, lastBatch := "", ""
	if len(before) > 0 {
		prevOut = before[len(before)-1]
		lastBatch = lastOffset(prevOut)
	}
	prefix, prev := true, -1 // in the leading repeats; the last one repeated
	for k, r := range recs {
		n, err := soakSeq(r.Data)
		if err != nil {
			return repeats, fmt.Errorf("record %d: %w", k+1, err)
		}
		if prefix && n < *next {
			if (prev >= 0 && n != prev+1) || lastBatch == "" || !repeatsLastBatch(prevOut, n, lastBatch) {
				return repeats, fmt.Errorf("record %d: message %d again, and not from the previous run's last batch (duplicate)", k+1, n)
			}
			prev = n
			repeats++
			continue
		}
		if prefix && prev >= 0 && prev != *next-1 {
			return repeats, fmt.Errorf("record %d: repeated up to message %d, then jumped to %d", k+1, prev, n)
		}
		prefix = false
		switch {
		case n == *next:
			*next++
		case n < *next:
			return repeats, fmt.Errorf("record %d: message %d again (duplicate); %d was expected", k+1, n, *next)
		default:
			return repeats, fmt.Errorf("record %d: message %d, want %d (gap or reordering)", k+1, n, *next)
		}
	}
	return repeats, nil
}

// repeatsLastBatch reports whether message n was printed by the previous
// run in its last batch (the records carrying offset last).
func repeatsLastBatch(prevOutput string, n int, last string) bool {
	recs, err := decodeRecords(prevOutput[:strings.LastIndexByte(prevOutput, '\n')+1])
	if err != nil {
		return false
	}
	for k := len(recs) - 1; k >= 0 && recs[k].Offset == last; k-- {
		if m, err := soakSeq(recs[k].Data); err == nil && m == n {
			return true
		}
	}
	return false
}

// lastOffset is the offset of the last complete record in output.
func lastOffset(output string) string {
	recs, err := decodeRecords(output[:strings.LastIndexByte(output, '\n')+1])
	if err != nil || len(recs) == 0 {
		return ""
	}
	return recs[len(recs)-1].Offset
}

// decodeRecords decodes complete --json lines without failing the test, so
// the checker can be used from any goroutine and report what it found.
func decodeRecords(out string) ([]record, error) {
	var recs []record
	for i, line := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if line == "" && out == "" {
			break
		}
		dec := json.NewDecoder(strings.NewReader(line))
		dec.DisallowUnknownFields()
		var r record
		if err := dec.Decode(&r); err != nil || r.Stream == "" || r.Offset == "" || r.Data == nil {
			return nil, fmt.Errorf("line %d is not a {stream, offset, data} record (%v): %q", i+1, err, line)
		}
		recs = append(recs, r)
	}
	return recs, nil
}
