package offsets

import (
	"errors"
	"runtime"
	"sync"
	"syscall"
	"testing"
	"time"
)

func TestCoalescing(t *testing.T) {
	st := newTestStore(t, WithInterval(time.Hour))
	k := mustKey(t, "http://h", "/s")
	sv := mustOpen(t, st, k)

	// The first change is written at once; the rest wait for the interval.
	sv.Save(Position{Seq: 1})
	waitFor(t, "first write", func() bool { return sv.Stats().Writes == 1 })
	for i := int64(2); i <= 10_000; i++ {
		sv.Save(Position{Seq: i})
	}
	if got := mustLoad(t, st, k); got.Seq != 1 {
		t.Fatalf("file has seq %d before the interval passed, want 1", got.Seq)
	}
	if err := sv.Flush(); err != nil {
		t.Fatal(err)
	}
	if err := sv.Flush(); err != nil { // nothing changed: no write
		t.Fatal(err)
	}
	stats := sv.Stats()
	if stats.Saves != 10_000 || stats.Writes != 2 || stats.Failures != 0 {
		t.Fatalf("stats = %+v, want 10000 saves, 2 writes", stats)
	}
	wantFsyncs := uint64(4) // file + directory per write
	if runtime.GOOS == "windows" {
		wantFsyncs = 2
	}
	if stats.Fsyncs != wantFsyncs {
		t.Errorf("fsyncs = %d, want %d", stats.Fsyncs, wantFsyncs)
	}
	if got := mustLoad(t, st, k); got.Seq != 10_000 {
		t.Fatalf("after Flush seq = %d, want 10000", got.Seq)
	}
}

func TestFlusherRateLimit(t *testing.T) {
	const interval = 20 * time.Millisecond
	st := newTestStore(t, WithInterval(interval))
	k := mustKey(t, "http://h", "/s")
	sv := mustOpen(t, st, k)
	start := time.Now()
	var seq int64
	for time.Since(start) < 10*interval {
		seq++
		sv.Save(Position{Seq: seq})
		if seq%64 == 0 {
			time.Sleep(time.Millisecond)
		}
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	// One leading write, at most one per elapsed interval, one from Close.
	elapsed := time.Since(start)
	maxWrites := uint64(elapsed/interval) + 2
	if w := sv.Stats().Writes; w < 1 || w > maxWrites {
		t.Fatalf("%d saves over %v gave %d writes, want 1..%d", seq, elapsed, w, maxWrites)
	}
	if got := mustLoad(t, st, k); got.Seq != seq {
		t.Fatalf("seq on disk = %d, want %d", got.Seq, seq)
	}
}

func TestCloseFlushes(t *testing.T) {
	st := newTestStore(t, WithInterval(time.Hour))
	k := mustKey(t, "http://h", "/s")
	sv := mustOpen(t, st, k)
	sv.Save(Position{Offset: "a"})
	waitFor(t, "first write", func() bool { return sv.Stats().Writes == 1 })
	sv.Save(Position{Offset: "b"})
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, st, k); got.Offset != "b" {
		t.Fatalf("after Close offset = %q, want b", got.Offset)
	}
	// Closed: Save is ignored, Flush and Close are harmless.
	sv.Save(Position{Offset: "c"})
	if err := sv.Flush(); err != nil {
		t.Fatalf("Flush after Close: %v", err)
	}
	if err := sv.Close(); err != nil {
		t.Fatalf("second Close: %v", err)
	}
	if got := mustLoad(t, st, k); got.Offset != "b" {
		t.Fatalf("Save after Close reached the disk: %q", got.Offset)
	}
}

func TestUnchangedPositionNotWritten(t *testing.T) {
	st := newTestStore(t)
	k := mustKey(t, "http://h", "/s")
	sv := mustOpen(t, st, k)
	sv.Save(Position{Seq: 5})
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	sv = mustOpen(t, st, k)
	sv.Save(Position{Seq: 5}) // same as loaded
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	if w := sv.Stats().Writes; w != 0 {
		t.Fatalf("saving the loaded position wrote %d times", w)
	}
}

func TestWriteFailureKeepsOldFile(t *testing.T) {
	tests := []struct {
		step string
		err  error
	}{
		{"create", syscall.ENOSPC},
		{"write", syscall.ENOSPC},
		{"sync", syscall.EIO},
	}
	for _, tt := range tests {
		t.Run(tt.step, func(t *testing.T) {
			disk := &faultyDisk{}
			st := newTestStore(t, WithInterval(time.Hour))
			st.createTemp = disk.createTemp
			k := mustKey(t, "http://h", "/s")
			sv := mustOpen(t, st, k)
			sv.Save(Position{Offset: "old"})
			if err := sv.Flush(); err != nil {
				t.Fatal(err)
			}

			disk.fail(tt.step, tt.err)
			sv.Save(Position{Offset: "new"})
			err := sv.Flush()
			if !errors.Is(err, tt.err) {
				t.Fatalf("Flush err = %v, want %v", err, tt.err)
			}
			if !errors.Is(sv.Err(), tt.err) {
				t.Fatalf("Err() = %v, want %v", sv.Err(), tt.err)
			}
			if got := mustLoad(t, st, k); got.Offset != "old" {
				t.Fatalf("failed write changed the file: %+v", got)
			}
			// The flusher may be retrying right now; look between writes.
			sv.writeMu.Lock()
			left := tempFiles(t, st.Dir())
			sv.writeMu.Unlock()
			if len(left) != 0 {
				t.Fatalf("temp files left behind: %v", left)
			}
			if f := sv.Stats().Failures; f == 0 {
				t.Fatal("failure not counted")
			}

			// The position stays pending and the next flush succeeds.
			disk.fail("", nil)
			if err := sv.Flush(); err != nil {
				t.Fatal(err)
			}
			if sv.Err() != nil {
				t.Fatalf("Err() after a good write = %v", sv.Err())
			}
			if got := mustLoad(t, st, k); got.Offset != "new" {
				t.Fatalf("retried write: offset %q, want new", got.Offset)
			}
		})
	}
}

func TestBackgroundFailureReported(t *testing.T) {
	disk := &faultyDisk{}
	disk.fail("write", syscall.ENOSPC)
	st := newTestStore(t, WithInterval(time.Millisecond))
	st.createTemp = disk.createTemp
	k := mustKey(t, "http://h", "/s")
	sv, err := st.Open(k)
	if err != nil {
		t.Fatal(err)
	}
	sv.Save(Position{Offset: "x"})
	waitFor(t, "background failure", func() bool { return sv.Err() != nil })
	if !errors.Is(sv.Err(), syscall.ENOSPC) {
		t.Fatalf("Err() = %v", sv.Err())
	}
	// Close retries, still fails, says so, and still releases the lock.
	if err := sv.Close(); !errors.Is(err, syscall.ENOSPC) {
		t.Fatalf("Close err = %v, want ENOSPC", err)
	}
	if _, found, err := st.Load(k); found || err != nil {
		t.Fatalf("a failed write left a file: found %v, err %v", found, err)
	}
	if left := tempFiles(t, st.Dir()); len(left) != 0 {
		t.Fatalf("temp files left behind: %v", left)
	}
	mustOpen(t, st, k)
}

func TestEncodeFailureReported(t *testing.T) {
	st := newTestStore(t)
	sv := mustOpen(t, st, mustKey(t, "http://h", "/s"))
	sv.Save(Position{Offset: "bad\xff"})
	if err := sv.Flush(); err == nil {
		t.Fatal("an unencodable position was accepted")
	}
	sv.Save(Position{Offset: "good"})
	if err := sv.Flush(); err != nil {
		t.Fatalf("a valid position after a bad one: %v", err)
	}
}

func TestConcurrentSaveFlushLoad(t *testing.T) {
	st := newTestStore(t, WithInterval(time.Millisecond))
	k := mustKey(t, "http://h", "/s")
	sv := mustOpen(t, st, k)
	const last = 20_000
	stop := make(chan struct{})
	var wg sync.WaitGroup
	errs := make(chan error, 2)
	wg.Go(func() { // a signal handler flushing at any moment
		for {
			select {
			case <-stop:
				return
			default:
			}
			if err := sv.Flush(); err != nil {
				errs <- err
				return
			}
		}
	})
	wg.Go(func() { // a reader: the file is always whole and never goes back
		var prev int64
		for {
			select {
			case <-stop:
				return
			default:
			}
			pos, _, err := st.Load(k)
			if err != nil {
				errs <- err
				return
			}
			if pos.Seq < prev {
				errs <- errors.New("seq on disk went backwards")
				return
			}
			prev = pos.Seq
		}
	})
	for i := int64(1); i <= last; i++ {
		sv.Save(Position{Seq: i})
	}
	close(stop)
	wg.Wait()
	close(errs)
	for err := range errs {
		t.Fatal(err)
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, st, k); got.Seq != last {
		t.Fatalf("seq = %d, want %d", got.Seq, last)
	}
}

func TestSaveDoesNotAllocate(t *testing.T) {
	st := newTestStore(t, WithInterval(time.Hour))
	sv := mustOpen(t, st, mustKey(t, "http://h", "/s"))
	offsets := []string{"0001", "0002"}
	i := 0
	allocs := testing.AllocsPerRun(1000, func() {
		i++
		sv.Save(Position{Offset: offsets[i%2], Skip: int64(i)})
	})
	if allocs != 0 {
		t.Fatalf("Save allocates %v times per call", allocs)
	}
}
