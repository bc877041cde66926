package main

import (
	"bytes"
	"strings"
	"testing"

	"github.com/dstail/dstail/app"
)

func runCLI(t *testing.T, args ...string) (int, string, string) {
	t.Helper()
	var out, errb bytes.Buffer
	code := run(args, &out, &errb)
	return code, out.String(), errb.String()
}

func TestUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"no target", nil, "need a TARGET"},
		{"two targets", []string{"a", "b"}, "must be a ses_… session ID"},
		{"unknown flag", []string{"--nope", "http://h/x"}, "unknown flag"},
		{"bad live", []string{"--live", "longpoll", "http://h/x"}, "--live must be sse or long-poll"},
		{"bad header", []string{"-H", "nocolon", "http://h/x"}, "-H"},
		{"bare name without server", []string{"orders"}, "needs --server"},
		{"bad duration", []string{"--idle-timeout", "soon", "http://h/x"}, "invalid argument"},
		{"bad session from", []string{"--from", "abc", "--no-save", "--server", "http://127.0.0.1:1", "ses_x"}, "seq number"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errb := runCLI(t, tt.args...)
			if code != app.ExitUsage {
				t.Fatalf("exit %d, want %d; stderr %q", code, app.ExitUsage, errb)
			}
			if out != "" {
				t.Fatalf("stdout = %q, want nothing", out)
			}
			first := strings.SplitN(errb, "\n", 2)[0]
			if !strings.HasPrefix(first, "dstail: ") || !strings.Contains(first, tt.want) {
				t.Fatalf("stderr first line %q, want dstail: …%s…", first, tt.want)
			}
		})
	}
}

func TestVersion(t *testing.T) {
	code, out, _ := runCLI(t, "--version")
	if code != app.ExitOK || !strings.HasPrefix(out, "dstail "+version) {
		t.Fatalf("exit %d, out %q", code, out)
	}
}

func TestEnvironmentFillsFlags(t *testing.T) {
	t.Setenv("DSTAIL_LIVE", "carrier-pigeon")
	code, _, errb := runCLI(t, "http://h/x")
	if code != app.ExitUsage || !strings.Contains(errb, "carrier-pigeon") {
		t.Fatalf("env not applied: exit %d, %q", code, errb)
	}
	// A flag on the command line wins over the environment.
	t.Setenv("DSTAIL_IDLE_TIMEOUT", "never")
	code, _, errb = runCLI(t, "--idle-timeout", "1s", "--live", "bogus", "http://h/x")
	if code != app.ExitUsage || !strings.Contains(errb, "bogus") {
		t.Fatalf("flag should win: exit %d, %q", code, errb)
	}
}

func TestUnreachableServerIsOneLine(t *testing.T) {
	code, out, errb := runCLI(t, "--no-save", "--once", "http://127.0.0.1:1/v1/stream/x")
	if code != app.ExitError || out != "" {
		t.Fatalf("exit %d, stdout %q", code, out)
	}
	if lines := strings.Count(errb, "\n"); lines != 1 || !strings.HasPrefix(errb, "dstail: ") {
		t.Fatalf("stderr %q, want one dstail: line", errb)
	}
}
