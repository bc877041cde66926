package config

import (
	"bytes"
	"context"
	"errors"
	"fmt"
	"os/exec"
	"runtime"
	"strings"
	"time"

	"github.com/dstail/dstail/sanitize"
)

// PasswordTimeout bounds a password-command (a password manager may prompt).
const PasswordTimeout = 30 * time.Second

// Password returns the server's password: the value of the variable named by
// password-env, or the output of password-command without its trailing
// newline. ok is false when the server names no password. The password never
// appears in an error.
func (s Server) Password(ctx context.Context, lookupEnv func(string) (string, bool)) (password string, ok bool, err error) {
	switch {
	case s.PasswordEnv != "":
		v, found := lookupEnv(s.PasswordEnv)
		if !found {
			return "", false, fmt.Errorf("servers.%s: password-env names %s, which is not set", s.Name, s.PasswordEnv)
		}
		return v, true, nil
	case s.PasswordCommand != "":
		v, err := runPasswordCommand(ctx, s.PasswordCommand)
		if err != nil {
			return "", false, fmt.Errorf("servers.%s: password-command: %w", s.Name, err)
		}
		return v, true, nil
	}
	return "", false, nil
}

// runPasswordCommand runs command with the system shell and returns its
// first line of output. Its stderr goes into the error (it is the command's
// own message, never the password).
func runPasswordCommand(ctx context.Context, command string) (string, error) {
	ctx, cancel := context.WithTimeout(ctx, PasswordTimeout)
	defer cancel()
	var cmd *exec.Cmd
	if runtime.GOOS == "windows" {
		cmd = exec.CommandContext(ctx, "cmd", "/C", command)
	} else {
		cmd = exec.CommandContext(ctx, "sh", "-c", command)
	}
	var stdout, stderr bytes.Buffer
	cmd.Stdout, cmd.Stderr = &stdout, &stderr
	cmd.WaitDelay = time.Second
	err := cmd.Run()
	if errors.Is(ctx.Err(), context.DeadlineExceeded) {
		return "", errors.New("timed out")
	}
	if err != nil {
		msg := err.Error()
		if first := firstLine(stderr.String()); first != "" {
			msg += ": " + sanitize.Line(first)
		}
		return "", errors.New(msg)
	}
	password := firstLine(stdout.String())
	if password == "" {
		return "", errors.New("printed nothing")
	}
	return password, nil
}

func firstLine(s string) string {
	s, _, _ = strings.Cut(s, "\n")
	return strings.TrimRight(s, "\r")
}
