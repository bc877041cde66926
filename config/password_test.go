package config

import (
	"context"
	"runtime"
	"strings"
	"testing"
	"time"
)

func noEnv(string) (string, bool) { return "", false }

func TestPasswordFromEnv(t *testing.T) {
	s := Server{Name: "w", PasswordEnv: "OC_PW"}
	env := func(k string) (string, bool) {
		if k == "OC_PW" {
			return " s3cret ", true
		}
		return "", false
	}
	pw, ok, err := s.Password(context.Background(), env)
	if err != nil || !ok || pw != " s3cret " {
		t.Fatalf("Password = %q, %v, %v", pw, ok, err)
	}
	_, _, err = s.Password(context.Background(), noEnv)
	if err == nil || !strings.Contains(err.Error(), "OC_PW, which is not set") {
		t.Fatalf("unset variable: %v", err)
	}
	if _, ok, err := (Server{Name: "w"}).Password(context.Background(), noEnv); ok || err != nil {
		t.Fatalf("no password configured: ok=%v err=%v", ok, err)
	}
}

func TestPasswordFromCommand(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("the commands below are POSIX shell")
	}
	tests := []struct {
		command, want, wantErr string
	}{
		{"printf 'hunter2\\nsecond line\\n'", "hunter2", ""},
		{"printf 'with space \\r\\n'", "with space ", ""},
		{"echo 'no such entry' >&2; exit 3", "", "exit status 3: no such entry"},
		{"true", "", "printed nothing"},
	}
	for _, tt := range tests {
		s := Server{Name: "w", PasswordCommand: tt.command}
		pw, ok, err := s.Password(context.Background(), noEnv)
		if tt.wantErr != "" {
			if err == nil || !strings.Contains(err.Error(), tt.wantErr) || !strings.HasPrefix(err.Error(), "servers.w: password-command: ") {
				t.Errorf("%s: err = %v, want %q", tt.command, err, tt.wantErr)
			}
			continue
		}
		if err != nil || !ok || pw != tt.want {
			t.Errorf("%s: Password = %q, %v, %v; want %q", tt.command, pw, ok, err, tt.want)
		}
	}
}

func TestPasswordCommandTimesOut(t *testing.T) {
	if runtime.GOOS == "windows" {
		t.Skip("POSIX shell command")
	}
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	start := time.Now()
	_, _, err := Server{Name: "w", PasswordCommand: "sleep 30"}.Password(ctx, noEnv)
	if err == nil || !strings.Contains(err.Error(), "timed out") {
		t.Fatalf("err = %v, want a time-out", err)
	}
	if time.Since(start) > 10*time.Second {
		t.Fatalf("a timed-out command held the caller for %v", time.Since(start))
	}
}
