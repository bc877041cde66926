package soak

import (
	"flag"
	"fmt"
	"sync"
	"testing"
)

// The soak's size. CI runs the defaults; the long form raises -soak.runs
// (see docs/soak.md). Run i uses seed -soak.seed+i, so a failing run is
// replayed with -soak.runs=1 -soak.seed=<its seed>.
var (
	runs     = flag.Int("soak.runs", 20, "seeded fault runs per protocol")
	seed     = flag.Uint64("soak.seed", 1, "seed of the first soak run")
	parallel = flag.Int("soak.parallel", 4, "soak runs at the same time")
	// -soak.known adds the scenarios of open findings in docs/soak.md.
	// There are none now; the flag stays so that command lines that name
	// it keep working.
	_ = flag.Bool("soak.known", false, "include the scenarios of open findings (docs/soak.md)")
)

// Runs is the number of seeded runs asked for.
func Runs() int { return *runs }

// Run runs one subtest per seed, -soak.parallel at a time, and adds each
// run's result to sum. The runs are subtests started from their own
// goroutines rather than t.Parallel ones, so the width does not depend on
// -parallel (GOMAXPROCS by default): a run spends most of its time waiting
// on processes, not on a CPU. replay is the package path a failing run's
// replay command names.
func Run(t *testing.T, replay string, sum *Summary, run func(t *testing.T, seed uint64) Result) {
	t.Helper()
	slots := make(chan struct{}, max(1, *parallel))
	var wg sync.WaitGroup
	for i := range *runs {
		seed := *seed + uint64(i)
		wg.Add(1)
		go func() {
			defer wg.Done()
			slots <- struct{}{}
			defer func() { <-slots }()
			t.Run(fmt.Sprintf("seed-%d", seed), func(t *testing.T) {
				t.Cleanup(func() {
					if t.Failed() {
						t.Logf("replay: go test %s -run '%s' -soak.runs=1 -soak.seed=%d", replay, t.Name(), seed)
					}
				})
				sum.add(run(t, seed))
			})
		}()
	}
	wg.Wait()
}
