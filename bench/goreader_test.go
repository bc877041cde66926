package bench

import (
	"bytes"
	"fmt"
	"os/exec"
	"strconv"
	"strings"
	"testing"
)

// goReaderBinary builds bench/goreader (a minimal Go client: net/http and
// encoding/json, reading as the official Go client does).
func goReaderBinary(tb testing.TB) string {
	tb.Helper()
	return goReaderBuild.binary(tb, "./bench/goreader", "goreader")
}

// goReaderCatchup reads the stream with the minimal Go client, stdout on
// /dev/null.
func goReaderCatchup(tb testing.TB, bin, streamURL string) func() (usage, error) {
	null := devNull(tb)
	return func() (usage, error) {
		cmd := exec.Command(bin, streamURL)
		cmd.Stdout = null
		var stderr bytes.Buffer
		cmd.Stderr = &stderr
		u, err := measure(cmd)
		if err != nil {
			return u, fmt.Errorf("goreader: %w: %s", err, stderr.String())
		}
		return u, nil
	}
}

// countGoReaderLines proves the Go client prints every message, as
// countDstailLines does for dstail.
func countGoReaderLines(tb testing.TB, bin, streamURL string) int {
	tb.Helper()
	var stderr bytes.Buffer
	cmd := exec.Command(bin, streamURL)
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("bench: goreader: %v: %s", err, stderr.String())
	}
	return bytes.Count(out, []byte{'\n'})
}

// parseSizes reads a comma-separated list of message counts.
func parseSizes(tb testing.TB, list string) []int {
	tb.Helper()
	var out []int
	for _, f := range strings.Split(list, ",") {
		n, err := strconv.Atoi(strings.TrimSpace(f))
		if err != nil || n <= 0 {
			tb.Fatalf("bench: bad size %q in %q", f, list)
		}
		out = append(out, n)
	}
	return out
}
