//go:build unix

package main

import (
	"context"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/app"
)

func TestNotifySignalsCancelsAndRemembers(t *testing.T) {
	ctx, caught, stop := app.NotifySignals(context.Background())
	defer stop()
	if caught() != nil {
		t.Fatal("a signal is reported before any arrived")
	}
	if err := syscall.Kill(syscall.Getpid(), syscall.SIGTERM); err != nil {
		t.Fatal(err)
	}
	select {
	case <-ctx.Done():
	case <-time.After(30 * time.Second):
		t.Fatal("SIGTERM did not cancel the context")
	}
	if caught() != syscall.SIGTERM {
		t.Fatalf("caught %v, want SIGTERM", caught())
	}
}
