package client_test

import (
	"net"
	"net/http"
	"os"
	"runtime"
	"testing"
	"time"
)

// reconnects is how many dropped connections the leak tests go through.
const reconnects = 1000

// resources is a count of live goroutines and open file descriptors.
type resources struct{ goroutines, fds int }

// measure samples the counts (from any goroutine) for a moment and keeps the lowest: goroutines
// of a connection that just ended may still be on their way out.
func measure(t *testing.T) resources {
	t.Helper()
	low := resources{goroutines: runtime.NumGoroutine(), fds: openFDs(t)}
	for range 20 {
		time.Sleep(10 * time.Millisecond)
		low.goroutines = min(low.goroutines, runtime.NumGoroutine())
		low.fds = min(low.fds, openFDs(t))
	}
	return low
}

// openFDs counts this process's open descriptors (Linux: /proc/self/fd).
// It may run on a server's goroutine, so it reports with Errorf.
func openFDs(t *testing.T) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Errorf("count open descriptors: %v", err)
	}
	return len(entries)
}

// requireLinux stops a test that counts descriptors through /proc.
func requireLinux(t *testing.T) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("counts open descriptors through /proc/self/fd")
	}
}

// waitBackTo waits until goroutines and descriptors are back to base (with
// a little slack for the runtime's own), failing with a goroutine dump.
func waitBackTo(t *testing.T, base resources, slack int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		now := measure(t)
		if now.goroutines <= base.goroutines+slack && now.fds <= base.fds+slack {
			t.Logf("after the run: %d goroutines, %d descriptors (before: %d, %d)", now.goroutines, now.fds, base.goroutines, base.fds)
			return
		}
		if time.Now().After(deadline) {
			buf := make([]byte, 1<<20)
			t.Fatalf("leak: %d goroutines and %d descriptors after the run, %d and %d before; goroutines:\n%s",
				now.goroutines, now.fds, base.goroutines, base.fds, buf[:runtime.Stack(buf, true)])
		}
	}
}

// checkFlat compares the counts at an early and at the last reconnect: a
// leak of even one goroutine or descriptor per reconnect shows as hundreds.
func checkFlat(t *testing.T, early, late resources, earlyAt, lateAt int) {
	t.Helper()
	t.Logf("connection %d: %d goroutines, %d descriptors; connection %d: %d goroutines, %d descriptors",
		earlyAt, early.goroutines, early.fds, lateAt, late.goroutines, late.fds)
	if late.goroutines > early.goroutines+3 || late.fds > early.fds+3 {
		t.Errorf("grew across %d reconnects: goroutines %d -> %d, descriptors %d -> %d",
			lateAt-earlyAt, early.goroutines, late.goroutines, early.fds, late.fds)
	}
}

// drop ends a connection in the middle of a response with a reset, as a
// broken link would: no clean end of the body.
func drop(t *testing.T, w http.ResponseWriter) {
	w.(http.Flusher).Flush()
	conn, _, err := http.NewResponseController(w).Hijack()
	if err != nil {
		t.Errorf("hijack: %v", err)
		return
	}
	if tc, ok := conn.(*net.TCPConn); ok {
		_ = tc.SetLinger(0)
	}
	_ = conn.Close()
}
