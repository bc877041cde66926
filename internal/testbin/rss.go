package testbin

import (
	"bytes"
	"os"
	"strconv"
	"time"
)

// rssPoll is how often a child's peak RSS is sampled.
const rssPoll = 2 * time.Millisecond

// WatchPeakRSS samples the child's VmHWM (peak resident set) until stop is
// closed and then sends the largest value seen, in bytes (0 where /proc is
// missing). rusage's ru_maxrss cannot be used: Go starts children with
// vfork, so a child inherits the parent's high-water mark as its floor.
// VmHWM belongs to the program's own address space, so it measures the
// program alone; the sampling misses at most the last few ms before exit.
func WatchPeakRSS(pid int, stop <-chan struct{}) <-chan int64 {
	out := make(chan int64, 1)
	path := "/proc/" + strconv.Itoa(pid) + "/status"
	go func() {
		t := time.NewTicker(rssPoll)
		defer t.Stop()
		var peak int64
		for {
			peak = max(peak, readHWM(path))
			select {
			case <-stop:
				out <- peak
				return
			case <-t.C:
			}
		}
	}()
	return out
}

func readHWM(path string) int64 { return readStatusKiB(path, "VmHWM:") * 1024 }

// readStatusKiB reads one "Field:   N kB" line of /proc/PID/status.
func readStatusKiB(path, field string) int64 {
	data, err := os.ReadFile(path)
	if err != nil {
		return 0
	}
	i := bytes.Index(data, []byte(field))
	if i < 0 {
		return 0
	}
	fields := bytes.Fields(data[i+len(field):])
	if len(fields) == 0 {
		return 0
	}
	kib, _ := strconv.ParseInt(string(fields[0]), 10, 64)
	return kib
}

// RSS is the child's resident set now, in bytes (0 where /proc is missing).
func RSS(pid int) int64 {
	return readStatusKiB("/proc/"+strconv.Itoa(pid)+"/status", "VmRSS:") * 1024
}
