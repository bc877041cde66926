package testbin

import (
	"os"
	"os/exec"
	"testing"
	"time"
)

// A child that holds memory shows a peak at least that large; the test's
// own (larger, race-instrumented) footprint does not leak into it.
func TestWatchPeakRSSMeasuresTheChildAlone(t *testing.T) {
	if _, err := os.Stat("/proc/self/status"); err != nil {
		t.Fatalf("this test needs /proc: %v", err)
	}
	ballast := make([]byte, 64<<20)
	for i := range ballast {
		ballast[i] = 1
	}
	cmd := exec.Command("sleep", "0.3")
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	stop := make(chan struct{})
	peak := WatchPeakRSS(cmd.Process.Pid, stop)
	time.Sleep(100 * time.Millisecond)
	close(stop)
	got := <-peak
	_ = cmd.Wait()
	if got <= 0 || got >= 32<<20 {
		t.Errorf("peak of sleep = %d bytes, want a small positive number (the test holds %d)", got, len(ballast))
	}
	if ballast[len(ballast)-1] != 1 {
		t.Fatal("ballast lost")
	}
}

// RSS of this process counts a touched 64 MiB ballast.
func TestRSSCountsResidentMemory(t *testing.T) {
	ballast := make([]byte, 64<<20)
	for i := range ballast {
		ballast[i] = 1
	}
	if got := RSS(os.Getpid()); got < int64(len(ballast)) {
		t.Errorf("RSS = %d bytes while holding %d", got, len(ballast))
	}
	if ballast[len(ballast)-1] != 1 {
		t.Fatal("ballast lost")
	}
}
