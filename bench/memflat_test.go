package bench

import (
	"bytes"
	"fmt"
	"io"
	"net/http"
	"net/http/httptest"
	"os/exec"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/testbin"
)

const (
	flatTotal    = 1 << 30  // bytes of messages the stream carries
	flatEvent    = 64 << 10 // about this many bytes per SSE data event
	flatWarmUp   = 64 << 20 // output before the baseline is taken
	flatBaseline = 192 << 20
	flatSlack    = 16 << 20 // the most RSS may grow past the baseline
	flatCeiling  = 100 << 20
)

// TestGuardMemoryFlatOver1GB follows a live SSE stream that carries 1 GiB
// of JSON messages through `dstail --json` and samples the process's
// resident set against the bytes it has printed. Memory must not grow
// with the stream: the largest RSS after the baseline stretch stays within
// flatSlack of the largest RSS during it, and under flatCeiling overall.
func TestGuardMemoryFlatOver1GB(t *testing.T) {
	srv := httptest.NewServer(&firehoseSSE{total: flatTotal, event: flatEventBody()})
	defer srv.Close()
	cmd := exec.Command(dstailBinary(t), "--json", "--no-save", srv.URL+"/v1/stream/flat")
	out, err := cmd.StdoutPipe()
	if err != nil {
		t.Fatal(err)
	}
	var stderr bytes.Buffer
	cmd.Stderr = &stderr
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	var printed atomic.Int64
	samples := sampleRSS(cmd.Process.Pid, &printed)
	n, copyErr := io.Copy(countingWriter{&printed}, out)
	waitErr := cmd.Wait()
	s := <-samples
	if copyErr != nil || waitErr != nil {
		t.Fatalf("dstail: %v %v; stderr:\n%s", copyErr, waitErr, stderr.String())
	}
	if n < flatTotal {
		t.Fatalf("dstail printed %d bytes, want at least %d", n, flatTotal)
	}
	t.Logf("printed %s in %s; RSS during %s-%s of output: %s, afterwards: %s (%d samples)",
		mib(n), ms(s.elapsed), mib(flatWarmUp), mib(flatBaseline), mib(s.baseline), mib(s.later), s.count)
	if s.baseline == 0 || s.later == 0 {
		t.Fatalf("too few samples: baseline %d, later %d", s.baseline, s.later)
	}
	if s.later > s.baseline+flatSlack {
		t.Errorf("RSS grew from %s to %s while streaming 1 GiB: more than %s", mib(s.baseline), mib(s.later), mib(flatSlack))
	}
	if s.later > flatCeiling {
		t.Errorf("RSS %s, ceiling %s", mib(s.later), mib(flatCeiling))
	}
}

// rssSamples is the largest RSS seen in the baseline stretch of output and
// after it.
type rssSamples struct {
	baseline, later int64
	count           int
	elapsed         time.Duration
}

// sampleRSS reads the child's RSS every few ms, filed by how much it has
// printed by then, until the child is gone.
func sampleRSS(pid int, printed *atomic.Int64) <-chan rssSamples {
	res := make(chan rssSamples, 1)
	go func() {
		var s rssSamples
		start := time.Now()
		for {
			rss, at := testbin.RSS(pid), printed.Load()
			if rss == 0 { // exited
				s.elapsed = time.Since(start)
				res <- s
				return
			}
			s.count++
			switch {
			case at >= flatBaseline:
				s.later = max(s.later, rss)
			case at >= flatWarmUp:
				s.baseline = max(s.baseline, rss)
			}
			time.Sleep(5 * time.Millisecond)
		}
	}()
	return res
}

type countingWriter struct{ n *atomic.Int64 }

func (c countingWriter) Write(p []byte) (int, error) {
	c.n.Add(int64(len(p)))
	return len(p), nil
}

// flatEventBody is one SSE data event: a JSON array of messages.
func flatEventBody() []byte {
	msg := `{"role":"assistant","text":"` + strings.Repeat("lorem ipsum ", 20) + `"}`
	var b bytes.Buffer
	b.WriteString("event: data\ndata:[")
	for i := 0; b.Len() < flatEvent; i++ {
		if i > 0 {
			b.WriteByte(',')
		}
		b.WriteString(msg)
	}
	b.WriteString("]\n\n")
	return b.Bytes()
}

// firehoseSSE is a Durable Streams endpoint whose catch-up is empty and
// whose SSE connection sends the same event until total bytes went out,
// then closes the stream. Offsets count events, fixed width.
type firehoseSSE struct {
	total int
	event []byte
	mu    sync.Mutex
}

func (f *firehoseSSE) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.mu.Lock() // one reader at a time; a reconnect would start over
	defer f.mu.Unlock()
	q := r.URL.Query()
	if q.Get("live") != "sse" {
		w.Header().Set("Content-Type", "application/json")
		w.Header().Set("Stream-Next-Offset", flatOffset(0))
		w.Header().Set("Stream-Up-To-Date", "true")
		_, _ = w.Write([]byte("[]"))
		return
	}
	if q.Get("offset") != flatOffset(0) {
		http.Error(w, "this stream cannot resume", http.StatusGone)
		return
	}
	w.Header().Set("Content-Type", "text/event-stream")
	events := (f.total + len(f.event) - 1) / len(f.event)
	for i := 1; i <= events; i++ {
		if _, err := w.Write(f.event); err != nil {
			return
		}
		if _, err := fmt.Fprintf(w, "event: control\ndata:{\"streamNextOffset\":%q,\"upToDate\":true,\"streamClosed\":%v}\n\n",
			flatOffset(i), i == events); err != nil {
			return
		}
	}
}

func flatOffset(n int) string { return fmt.Sprintf("%016d_%016d", 0, n) }
