package main

import (
	"os"
	"syscall"
	"testing"

	"github.com/dstail/dstail/app"
)

func TestSignalExit(t *testing.T) {
	tests := []struct {
		code int
		sig  os.Signal
		want int
	}{
		{app.ExitOK, nil, app.ExitOK},
		{app.ExitOK, os.Interrupt, app.ExitInterrupted},
		{app.ExitOK, syscall.SIGTERM, app.ExitTerminated},
		{app.ExitError, os.Interrupt, app.ExitError}, // an error keeps its own code
		{app.ExitNotFound, syscall.SIGTERM, app.ExitNotFound},
	}
	for _, tt := range tests {
		if got := app.SignalExit(tt.code, tt.sig); got != tt.want {
			t.Errorf("app.SignalExit(%d, %v) = %d, want %d", tt.code, tt.sig, got, tt.want)
		}
	}
}
