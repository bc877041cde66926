package e2e

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"

	"github.com/dstail/dstail/internal/dspeer"
)

// TestStateShowsAndForgetsPositions: `dstail state ls` shows the position a
// run saved, and after `state rm` the next run starts over.
func TestStateShowsAndForgetsPositions(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	const stream = "state"
	srv.Create(t, stream, "application/json")
	streamURL := srv.StreamURL(stream)
	state := t.TempDir()
	if err := newWriter(srv, stream, 7, 10, 0).jsonRange(0, 60); err != nil {
		t.Fatal(err)
	}
	run := func(what string, args ...string) string {
		t.Helper()
		stdout, stderr, code := runDstail(t, state, args...)
		if code != 0 {
			t.Fatalf("%s: exit %d, stderr:\n%s", what, code, stderr)
		}
		return stdout
	}
	checkSequence(t, seqOf(t, parseRecords(t, run("first run", "--json", "--once", streamURL))), 0, 60)
	checkSequence(t, seqOf(t, parseRecords(t, run("resumed run", "--json", "--once", streamURL))), 60, 60)

	var saved []struct {
		Server, Stream, Offset string
		Updated                *string
	}
	for _, line := range strings.Split(strings.TrimSpace(run("state ls", "state", "ls", "--json")), "\n") {
		var rec struct {
			Server, Stream, Offset string
			Updated                *string
		}
		if err := json.Unmarshal([]byte(line), &rec); err != nil {
			t.Fatalf("state ls --json line %q: %v", line, err)
		}
		saved = append(saved, rec)
	}
	u, _ := url.Parse(streamURL)
	tail := srv.Head(t, stream).NextOffset
	if len(saved) != 1 || saved[0].Server != "http://"+u.Host || saved[0].Stream != u.Path || saved[0].Offset != tail || saved[0].Updated == nil {
		t.Fatalf("state ls = %+v, want one position at %s for %s on http://%s", saved, tail, u.Path, u.Host)
	}
	if table := run("state ls table", "state", "ls"); !strings.Contains(table, u.Path) || !strings.Contains(table, "offset "+tail) {
		t.Fatalf("state ls table lacks the position:\n%s", table)
	}

	if out := run("state rm", "state", "rm", streamURL); !strings.HasPrefix(out, "removed ") {
		t.Fatalf("state rm printed %q", out)
	}
	if out := run("state ls after rm", "state", "ls", "--json"); out != "" {
		t.Fatalf("state ls after rm: %q", out)
	}
	checkSequence(t, seqOf(t, parseRecords(t, run("run after rm", "--json", "--once", streamURL))), 0, 60)
}
