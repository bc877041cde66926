package main

import (
	"os"
	"syscall"
	"testing"
)

func TestSignalExit(t *testing.T) {
	tests := []struct {
		code int
		sig  os.Signal
		want int
	}{
		{exitOK, nil, exitOK},
		{exitOK, os.Interrupt, exitInterrupted},
		{exitOK, syscall.SIGTERM, exitTerminated},
		{exitError, os.Interrupt, exitError}, // an error keeps its own code
		{exitNotFound, syscall.SIGTERM, exitNotFound},
	}
	for _, tt := range tests {
		if got := signalExit(tt.code, tt.sig); got != tt.want {
			t.Errorf("signalExit(%d, %v) = %d, want %d", tt.code, tt.sig, got, tt.want)
		}
	}
}
