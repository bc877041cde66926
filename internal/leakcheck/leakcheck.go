// Package leakcheck counts goroutines and open files around reconnect
// loops, so tests can assert that a thousand reconnects leak nothing.
package leakcheck

import (
	"net"
	"net/http"
	"os"
	"runtime"
	"testing"
	"time"
)

// Reconnects is how many dropped connections the leak tests go through.
const Reconnects = 1000

// Resources is a count of live goroutines and open file descriptors.
type Resources struct{ goroutines, fds int }

// Measure samples the counts (from any goroutine) for a moment and keeps the lowest: goroutines
// of a connection that just ended may still be on their way out.
func Measure(t testing.TB) Resources {
	t.Helper()
	low := Resources{goroutines: runtime.NumGoroutine(), fds: OpenFDs(t)}
	for range 20 {
		time.Sleep(10 * time.Millisecond)
		low.goroutines = min(low.goroutines, runtime.NumGoroutine())
		low.fds = min(low.fds, OpenFDs(t))
	}
	return low
}

// OpenFDs counts this process's open descriptors (Linux: /proc/self/fd).
// It may run on a server's goroutine, so it reports with Errorf.
func OpenFDs(t testing.TB) int {
	t.Helper()
	entries, err := os.ReadDir("/proc/self/fd")
	if err != nil {
		t.Errorf("count open descriptors: %v", err)
	}
	return len(entries)
}

// RequireLinux stops a test that counts descriptors through /proc.
func RequireLinux(t testing.TB) {
	t.Helper()
	if runtime.GOOS != "linux" {
		t.Skip("counts open descriptors through /proc/self/fd")
	}
}

// WaitBackTo waits until goroutines and descriptors are back to base (with
// a little slack for the runtime's own), failing with a goroutine dump.
func WaitBackTo(t testing.TB, base Resources, slack int) {
	t.Helper()
	deadline := time.Now().Add(10 * time.Second)
	for {
		now := Measure(t)
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

// CheckFlat compares the counts at an early and at the last reconnect: a
// leak of even one goroutine or descriptor per reconnect shows as hundreds.
func CheckFlat(t testing.TB, early, late Resources, earlyAt, lateAt int) {
	t.Helper()
	t.Logf("connection %d: %d goroutines, %d descriptors; connection %d: %d goroutines, %d descriptors",
		earlyAt, early.goroutines, early.fds, lateAt, late.goroutines, late.fds)
	if late.goroutines > early.goroutines+3 || late.fds > early.fds+3 {
		t.Errorf("grew across %d reconnects: goroutines %d -> %d, descriptors %d -> %d",
			lateAt-earlyAt, early.goroutines, late.goroutines, early.fds, late.fds)
	}
}

// Drop ends a connection in the middle of a response with a reset, as a
// broken link would: no clean end of the body.
func Drop(t testing.TB, w http.ResponseWriter) {
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
