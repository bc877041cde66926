package e2e

import (
	"fmt"
	"io/fs"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/dspeer"
)

// TestKillNineResumesExactlyOnce kills dstail with SIGKILL at random points
// while a writer appends, restarts it on the same state directory until the
// stream closes, and expects the runs' output together to hold every message
// exactly once, in order: the position is written through after each batch.
// Text streams are checked byte for byte: their records are chunks as they
// arrived, and a resume may fall inside a line.
func TestKillNineResumesExactlyOnce(t *testing.T) {
	t.Parallel()
	srv := dspeer.Start(t)
	tests := []struct {
		contentType string
		live        string
		seed        uint64
	}{
		{"application/json", "sse", 1},
		{"application/json", "long-poll", 2},
		{"application/json", "sse", 3},
		{"text/plain", "sse", 4},
		{"text/plain", "long-poll", 5},
	}
	const total, kills = 2000, 2
	for i, tc := range tests {
		t.Run(fmt.Sprintf("%s/%s/seed-%d", tc.contentType, tc.live, tc.seed), func(t *testing.T) {
			t.Parallel()
			stream := fmt.Sprintf("kill-%d", i)
			srv.Create(t, stream, tc.contentType)
			w := newWriter(srv, stream, tc.seed, 15, 5*time.Millisecond)
			text := tc.contentType == "text/plain"
			write := w.jsonRange
			if text {
				write = w.textRange
			}
			writing := inBackground(func() error { return write(0, total) })
			rng := rand.New(rand.NewPCG(tc.seed, 9))
			stateDir := t.TempDir()
			args := []string{"--json", "--live", tc.live, "--state-dir", stateDir, srv.StreamURL(stream)}
			var history []string // per run: its first and last records and the saved position, shown on failure
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("runs:\n%s", strings.Join(history, "\n"))
				}
			})

			var runs [][]record
			for len(runs) < kills {
				p := startDstail(t, t.TempDir(), args...)
				// Kill after some messages: for JSON as many records, for
				// text as many lines' worth of bytes (a record is a chunk
				// of any length).
				n := 20 + rng.IntN(400)
				printed := func() bool { return p.stdout.Lines() >= n }
				if text {
					printed = func() bool { return textBytesPrinted(p.stdout.String()) >= n*len(textLine(0)+"\n") }
				}
				if !waitOrExit(p, printed, 30*time.Second) {
					t.Fatalf("run %d printed %d records (%d of %d messages wanted) and did not end within 30 s; stderr:\n%s",
						len(runs)+1, p.stdout.Lines(), n, total, p.stderr.String())
				}
				if p.exited() {
					t.Fatalf("run %d ended (exit %d) before it could be killed; stderr:\n%s", len(runs)+1, p.exitCode, p.stderr.String())
				}
				// Batches arrive every few milliseconds: land anywhere between them.
				time.Sleep(time.Duration(rng.IntN(30_000)) * time.Microsecond)
				p.kill(t)
				history = append(history, describeRun(t, fmt.Sprintf("run %d (killed)", len(runs)+1), p, stateDir))
				runs = append(runs, parseRecords(t, p.stdout.String()))
			}
			writing(t)
			srv.Close(t, stream)
			p := startDstail(t, t.TempDir(), args...)
			code := p.wait(t)
			history = append(history, describeRun(t, "final run", p, stateDir))
			if code != 0 {
				t.Fatalf("final run: exit %d, want 0; stderr:\n%s", code, p.stderr.String())
			}
			runs = append(runs, parseRecords(t, p.stdout.String()))
			if text {
				checkTextResumes(t, runs, total)
				return
			}
			checkResumes(t, runs, total)
		})
	}
}

// checkResumes checks the output of consecutive runs on one state, all but
// the last killed. Nothing may be lost or reordered, and a run may only
// repeat the last batch its predecessor printed, and only when SIGKILL
// landed in the few microseconds between that batch reaching stdout and its
// position reaching the journal: no process can make two writes atomic, and
// printing again beats losing. Anything earlier repeated is a stale position
// and fails.
func checkResumes(t *testing.T, runs [][]record, total int) {
	t.Helper()
	var all []int
	var repeats []string
	for i, recs := range runs {
		seq := seqOf(t, recs)
		if i > 0 && len(seq) > 0 && len(all) > 0 && seq[0] <= all[len(all)-1] {
			prev := runs[i-1]
			lastBatch := prev[len(prev)-1].Offset
			overlap := all[len(all)-1] - seq[0] + 1
			for k := len(prev) - overlap; k < len(prev); k++ {
				if k < 0 || prev[k].Offset != lastBatch {
					t.Fatalf("run %d starts at message %d, before the last batch run %d printed (offset %s): it resumed from a stale position",
						i+1, seq[0], i, lastBatch)
				}
			}
			repeats = append(repeats, fmt.Sprintf("run %d repeated messages %d..%d, the last batch run %d printed (offset %s) before SIGKILL",
				i+1, seq[0], all[len(all)-1], i, lastBatch))
			seq = seq[overlap:]
		}
		all = append(all, seq...)
	}
	checkSequence(t, all, 0, total)
	if len(repeats) > 0 {
		t.Logf("SIGKILL landed between a batch's write and its commit:\n%s", strings.Join(repeats, "\n"))
	}
}

// checkTextResumes is checkResumes for a text stream of textLine(0..total-1):
// the runs' chunks together are its bytes, each once but for the last
// batch a killed run printed before its position was saved.
func checkTextResumes(t *testing.T, runs [][]record, total int) {
	t.Helper()
	var want strings.Builder
	for i := range total {
		want.WriteString(textLine(i) + "\n")
	}
	repeated, err := checkTextRuns(runs, want.String())
	if err != nil {
		t.Fatal(err)
	}
	if repeated != "" {
		t.Logf("SIGKILL landed between a batch's write and its commit: %d bytes printed again", len(repeated))
	}
}

// waitOrExit waits until printed reports true or p exited; false if neither
// happened within timeout.
func waitOrExit(p *proc, printed func() bool, timeout time.Duration) bool {
	deadline := time.Now().Add(timeout)
	for !printed() && !p.exited() {
		if time.Now().After(deadline) {
			return false
		}
		time.Sleep(2 * time.Millisecond)
	}
	return true
}

// describeRun summarises a run for a failure report: its first and last
// records with their offsets, and the position files it left.
func describeRun(t *testing.T, name string, p *proc, stateDir string) string {
	t.Helper()
	var b strings.Builder
	out := p.stdout.String()
	fmt.Fprintf(&b, "%s: %d bytes of output, ends in newline: %v\n", name, len(out), strings.HasSuffix(out, "\n"))
	lines := strings.Split(strings.TrimSuffix(out, "\n"), "\n")
	for i, line := range lines {
		if i < 2 || i >= len(lines)-3 {
			fmt.Fprintf(&b, "  %d: %s\n", i+1, line)
		}
	}
	_ = filepath.WalkDir(stateDir, func(path string, d fs.DirEntry, err error) error {
		if err == nil && !d.IsDir() {
			data, _ := os.ReadFile(path)
			fmt.Fprintf(&b, "  saved %s: %s\n", filepath.Base(path), strings.Join(strings.Fields(string(data)), " "))
		}
		return nil
	})
	return b.String()
}
