package transport

import (
	"context"
	"errors"
	"io"
	"sync/atomic"
	"testing"
	"time"
)

// pipeBody is a response body fed by the test; cancelling it fails pending
// reads the way a cancelled request context fails a real body.
func pipeBody() (*io.PipeReader, *io.PipeWriter, context.CancelCauseFunc, *atomic.Int32) {
	pr, pw := io.Pipe()
	var cancels atomic.Int32
	cancel := func(cause error) {
		cancels.Add(1)
		pw.CloseWithError(context.Canceled)
	}
	return pr, pw, cancel, &cancels
}

func TestWatchdogFiresOnSilence(t *testing.T) {
	pr, _, cancel, cancels := pipeBody()
	w := NewWatchdog(pr, 100*time.Millisecond, cancel)
	defer w.Close()
	start := time.Now()
	_, err := w.Read(make([]byte, 8))
	if !errors.Is(err, ErrIdle) || cancels.Load() != 1 {
		t.Fatalf("err = %v after %d cancels, want ErrIdle after one", err, cancels.Load())
	}
	if d := time.Since(start); d < 80*time.Millisecond {
		t.Errorf("fired after %v, before the idle timeout", d)
	}
}

func TestWatchdogBytesKeepItAlive(t *testing.T) {
	pr, pw, cancel, cancels := pipeBody()
	w := NewWatchdog(pr, 150*time.Millisecond, cancel)
	go func() {
		for range 10 { // 400 ms of one byte every 40 ms
			time.Sleep(40 * time.Millisecond)
			if _, err := pw.Write([]byte(":")); err != nil {
				return
			}
		}
		pw.Close()
	}()
	got, err := io.ReadAll(w)
	if err != nil || len(got) != 10 || cancels.Load() != 0 {
		t.Fatalf("read %q, err %v, %d cancels: a trickle of bytes must keep the body alive", got, err, cancels.Load())
	}
	w.Close()
	time.Sleep(200 * time.Millisecond)
	if cancels.Load() != 0 {
		t.Error("the watchdog fired after Close")
	}
}

func TestWatchdogPassesOtherErrors(t *testing.T) {
	pr, pw := io.Pipe()
	w := NewWatchdog(pr, time.Minute, func(error) {})
	defer w.Close()
	boom := errors.New("boom")
	pw.CloseWithError(boom)
	if _, err := w.Read(make([]byte, 1)); err != boom {
		t.Errorf("err = %v, want the body's own error", err)
	}
}
