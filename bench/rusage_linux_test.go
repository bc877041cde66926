package bench

import (
	"bytes"
	"os"
	"strconv"
	"sync/atomic"
	"time"
)

// hwmPoll is how often a child's peak RSS is sampled.
const hwmPoll = 2 * time.Millisecond

// watchPeakRSS samples the child's VmHWM (peak resident set) until stop is
// closed and returns the largest value seen, in bytes. rusage's ru_maxrss
// cannot be used: Go starts children with vfork, so a child inherits the
// parent's high-water mark (tens of MiB here) as its floor. VmHWM belongs to
// the program's own address space, so it measures the program alone; the
// sampling misses at most the last 2 ms before exit.
func watchPeakRSS(pid int, stop <-chan struct{}) <-chan int64 {
	out := make(chan int64, 1)
	var peak atomic.Int64
	path := "/proc/" + strconv.Itoa(pid) + "/status"
	go func() {
		t := time.NewTicker(hwmPoll)
		defer t.Stop()
		for {
			if v := readHWM(path); v > peak.Load() {
				peak.Store(v)
			}
			select {
			case <-stop:
				out <- peak.Load()
				return
			case <-t.C:
			}
		}
	}()
	return out
}

func readHWM(path string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	i := bytes.Index(data, []byte("VmHWM:"))
	if i < 0 {
		return 0
	}
	fields := bytes.Fields(data[i+len("VmHWM:"):])
	if len(fields) == 0 {
		return 0
	}
	kib, _ := strconv.ParseInt(string(fields[0]), 10, 64)
	return kib * 1024
}
