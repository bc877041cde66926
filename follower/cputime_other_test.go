//go:build !unix

package follower

import "time"

// cpuTime is not measured here: the CPU figure of BenchmarkFlood reads 0.
func cpuTime() time.Duration { return 0 }
