package bench

import (
	"bufio"
	"bytes"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"

	"github.com/dstail/dstail/internal/dspeer"
	"github.com/dstail/dstail/internal/peers"
)

// appendChunk is how many messages go into one append request.
const appendChunk = 1000

// filler pads each message to about 200 bytes, the size of a typical event.
var filler = strings.Repeat("lorem ipsum dolor sit amet ", 6)

// fillStream creates a JSON stream holding n messages of about 200 bytes.
func fillStream(tb testing.TB, s *dspeer.Server, name string, n int) string {
	tb.Helper()
	s.Create(tb, name, "application/json")
	var body bytes.Buffer
	for i := 0; i < n; i += appendChunk {
		body.Reset()
		body.WriteByte('[')
		for j := i; j < min(i+appendChunk, n); j++ {
			if j > i {
				body.WriteByte(',')
			}
			fmt.Fprintf(&body, `{"n":%d,"kind":"event","text":%q}`, j, filler)
		}
		body.WriteByte(']')
		s.Append(tb, name, body.Bytes())
	}
	return s.StreamURL(name)
}

// dstailCatchup runs `dstail --json --once` from the start with stdout on
// /dev/null and a fresh state directory (positions are saved as usual),
// with extra flags if any.
func dstailCatchup(tb testing.TB, bin, streamURL string, extra ...string) func() (usage, error) {
	null := devNull(tb)
	return func() (usage, error) {
		state, err := os.MkdirTemp("", "dstail-bench-state-")
		if err != nil {
			return usage{}, err
		}
		defer os.RemoveAll(state)
		args := append([]string{"--json", "--once", "--from", "start", "--state-dir", state}, extra...)
		return measureDstail(exec.Command(bin, append(args, streamURL)...), null)
	}
}

// curlCatchup is the floor: curl reads the catch-up URL with the body on
// /dev/null, and a minimal driver follows Stream-Next-Offset until
// Stream-Up-To-Date, as any client must. Times and CPU add up over the
// requests; the peak RSS is the largest of them.
func curlCatchup(curl, streamURL string, compressed bool) func() (usage, error) {
	return func() (usage, error) {
		var total usage
		offset := "-1"
		for range 10_000 {
			args := []string{"-sS", "--fail", "-o", os.DevNull, "-D", "-"}
			if compressed {
				args = append(args, "--compressed")
			}
			cmd := exec.Command(curl, append(args, streamURL+"?offset="+offset)...)
			var headers bytes.Buffer
			cmd.Stdout = &headers
			u, err := measure(cmd)
			total.wall += u.wall
			total.cpu += u.cpu
			total.maxRSS = max(total.maxRSS, u.maxRSS)
			if err != nil {
				return total, fmt.Errorf("curl: %w", err)
			}
			next, upToDate := streamHeaders(headers.Bytes())
			if upToDate {
				return total, nil
			}
			if next == "" {
				return total, fmt.Errorf("curl: no Stream-Next-Offset in %q", headers.String())
			}
			offset = next
		}
		return total, fmt.Errorf("curl: not up to date after 10000 requests")
	}
}

// streamHeaders picks the two protocol headers a catch-up loop needs.
func streamHeaders(raw []byte) (next string, upToDate bool) {
	sc := bufio.NewScanner(bytes.NewReader(raw))
	for sc.Scan() {
		name, value, ok := strings.Cut(sc.Text(), ":")
		if !ok {
			continue
		}
		switch strings.ToLower(strings.TrimSpace(name)) {
		case "stream-next-offset":
			next = strings.TrimSpace(value)
		case "stream-up-to-date":
			upToDate = true
		}
	}
	return next, upToDate
}

// nodeCatchup reads the stream with the official TypeScript client and
// checks it saw every message.
func nodeCatchup(tb testing.TB, streamURL string, want int) func() (usage, error) {
	node := lookTool(tb, "node")
	dir, err := peers.Dir()
	if err != nil {
		tb.Fatalf("bench: %v", err)
	}
	if _, err := peers.Node("@durable-streams/client/package.json"); err != nil {
		tb.Fatalf("bench: %v", err)
	}
	root, err := peers.ModuleRoot()
	if err != nil {
		tb.Fatal(err)
	}
	script := filepath.Join(root, "bench", "node", "catchup.mjs")
	return func() (usage, error) {
		cmd := exec.Command(node, script, dir, streamURL)
		var out, stderr bytes.Buffer
		cmd.Stdout, cmd.Stderr = &out, &stderr
		u, err := measure(cmd)
		if err != nil {
			return u, fmt.Errorf("node client: %w: %s", err, stderr.String())
		}
		if got, _ := strconv.Atoi(strings.TrimSpace(out.String())); got != want {
			return u, fmt.Errorf("node client read %q messages, want %d", out.String(), want)
		}
		return u, nil
	}
}

// countDstailLines runs the dstail catch-up once into a counter: the timed
// runs write to /dev/null, so this proves they print every message.
func countDstailLines(tb testing.TB, bin, streamURL string) int {
	tb.Helper()
	cmd := exec.Command(bin, "--json", "--once", "--no-save", "--from", "start", streamURL)
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	out, err := cmd.Output()
	if err != nil {
		tb.Fatalf("bench: dstail: %v: %s", err, stderr.String())
	}
	return bytes.Count(out, []byte{'\n'})
}
