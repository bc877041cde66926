package e2e

import (
	"slices"
	"testing"

	"github.com/dstail/dstail/internal/dspeer"
)

// TestOnceResumesFromSavedPosition runs dstail --once repeatedly on one
// stream and state: each run prints exactly what the saved position has not
// covered yet.
func TestOnceResumesFromSavedPosition(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	const stream = "once"
	srv.Create(t, stream, "application/json")
	url := srv.StreamURL(stream)
	state := t.TempDir()
	w := newWriter(srv, stream, 1, 25, 0)

	steps := []struct {
		name     string
		appendTo int // append messages up to this number first
		extra    []string
		from, to int // the messages the run must print
	}{
		{name: "first run prints everything", appendTo: 500, from: 0, to: 500},
		{name: "nothing new prints nothing", appendTo: 500, from: 500, to: 500},
		{name: "prints only what was appended since", appendTo: 537, from: 500, to: 537},
		{name: "--no-save --from start prints everything", appendTo: 537, extra: []string{"--no-save", "--from", "start"}, from: 0, to: 537},
		{name: "--no-save left the saved position alone", appendTo: 542, from: 537, to: 542},
		{name: "--from now prints nothing", appendTo: 550, extra: []string{"--from", "now"}, from: 550, to: 550},
		{name: "--from now saved the tail", appendTo: 553, from: 550, to: 553},
	}
	appended := 0
	for _, step := range steps {
		if err := w.jsonRange(appended, step.appendTo); err != nil {
			t.Fatal(err)
		}
		appended = step.appendTo
		tailOffset := srv.Head(t, stream).NextOffset

		args := append([]string{"--json", "--once"}, step.extra...)
		stdout, stderr, code := runDstail(t, state, append(args, url)...)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr:\n%s", step.name, code, stderr)
		}
		recs := parseRecords(t, stdout)
		checkSequence(t, seqOf(t, recs), step.from, step.to)
		checkRecordOffsets(t, recs, url, tailOffset)
	}
}

// checkRecordOffsets checks every record names the stream, offsets never go
// back, and the last one is the tail the run caught up to.
func checkRecordOffsets(t *testing.T, recs []record, url, tailOffset string) {
	t.Helper()
	offsets := make([]string, len(recs))
	for i, r := range recs {
		if r.Stream != url {
			t.Fatalf("record %d names stream %q, want %q", i+1, r.Stream, url)
		}
		offsets[i] = r.Offset
	}
	if !slices.IsSorted(offsets) {
		t.Fatalf("record offsets go backwards: %v", offsets)
	}
	if n := len(recs); n > 0 && recs[n-1].Offset != tailOffset {
		t.Fatalf("last record's offset %q, want the tail %q", recs[n-1].Offset, tailOffset)
	}
}
