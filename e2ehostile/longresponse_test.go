package e2ehostile

import (
	"bufio"
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dstail/dstail/internal/testbin"
)

const (
	longMessages = 500_000
	longPeakRSS  = 100 << 20 // the body is over 100 MB; memory must not follow it
)

// oneLongResponse is a Durable Streams JSON stream whose catch-up is one
// response of n messages of about 200 bytes, written as it is generated;
// big, if set, is the index of one message padded past 64 KiB.
func oneLongResponse(n, big int) http.Handler {
	pad := strings.Repeat("lorem ipsum dolor sit amet ", 6)
	huge := strings.Repeat("x", 70<<10)
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Stream-Next-Offset", "0000000000000001_0000000000000000")
		w.Header().Set("Stream-Up-To-Date", "true")
		bw := bufio.NewWriterSize(w, 64<<10)
		bw.WriteByte('[')
		for i := range n {
			if i > 0 {
				bw.WriteByte(',')
			}
			text := pad
			if i == big {
				text = huge
			}
			fmt.Fprintf(bw, `{"n":%d,"kind":"event","text":%q}`, i, text)
		}
		bw.WriteByte(']')
		bw.Flush()
	})
}

// longRun runs `dstail --json --once` on url with extra flags, counting
// the lines it prints without holding them.
func longRun(t *testing.T, url string, extra ...string) (lines int64, stderr string, peak int64, err error) {
	t.Helper()
	cmd := exec.Command(dstailBin, append([]string{"--json", "--once", "--no-save", "--from", "start"}, append(extra, url)...)...)
	out, perr := cmd.StdoutPipe()
	if perr != nil {
		t.Fatal(perr)
	}
	var errb bytes.Buffer
	cmd.Stderr = &errb
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	peakc := testbin.WatchPeakRSS(cmd.Process.Pid, stop)
	var n atomic.Int64
	_, copyErr := io.Copy(lineCounter{&n}, out)
	err = cmd.Wait()
	close(stop)
	if err == nil {
		err = copyErr
	}
	return n.Load(), errb.String(), <-peakc, err
}

type lineCounter struct{ n *atomic.Int64 }

func (c lineCounter) Write(p []byte) (int, error) {
	c.n.Add(int64(bytes.Count(p, []byte{'\n'})))
	return len(p), nil
}

// A single catch-up response larger than --max-event-size (64 MiB by
// default) streams through with default flags, in memory that does not
// follow its length: the limit bounds one message.
func TestOneResponseOfHalfAMillionMessages(t *testing.T) {
	srv := httptest.NewServer(oneLongResponse(longMessages, -1))
	defer srv.Close()
	lines, stderr, peak, err := longRun(t, srv.URL+"/v1/stream/long")
	t.Logf("%d lines, peak RSS %d MiB", lines, peak>>20)
	if err != nil {
		t.Fatalf("dstail: %v; stderr:\n%s", err, stderr)
	}
	if lines != longMessages {
		t.Errorf("printed %d lines, want %d", lines, longMessages)
	}
	if peak == 0 || peak > longPeakRSS {
		t.Errorf("peak RSS %d MiB, want under %d MiB", peak>>20, longPeakRSS>>20)
	}
}

// One message over --max-event-size ends the run with an error that says
// so and names the flag, after the messages before it.
func TestOneMessageOverTheLimitInALongResponse(t *testing.T) {
	srv := httptest.NewServer(oneLongResponse(20_000, 15_000))
	defer srv.Close()
	lines, stderr, _, err := longRun(t, srv.URL+"/v1/stream/long", "--max-event-size", "65536")
	if err == nil {
		t.Fatalf("dstail succeeded on a message over the limit; printed %d lines", lines)
	}
	if !strings.Contains(stderr, "message larger than 65536 bytes") || !strings.Contains(stderr, "--max-event-size") {
		t.Errorf("stderr does not name the limit and the flag:\n%s", stderr)
	}
	if lines == 0 || lines > 15_000 {
		t.Errorf("printed %d lines, want some and none from the oversized message on", lines)
	}
}
