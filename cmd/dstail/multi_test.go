package main

import (
	"strings"
	"testing"

	"github.com/dstail/dstail/app"
)

func TestMultiUsageErrors(t *testing.T) {
	tests := []struct {
		name string
		args []string
		want string
	}{
		{"stream among sessions", []string{"ses_a", "orders"}, `not "orders"`},
		{"until-idle with several", []string{"--until-idle", "ses_a", "ses_b"}, "--until-idle follows a single session"},
		{"seq with several", []string{"--from", "12", "ses_a", "ses_b"}, "saved, start or now"},
		{"negative cap", []string{"--all", "--max-sessions", "-1"}, "--max-sessions"},
		{"bad server", []string{"--server", "ftp://h", "--all"}, "not an http(s) URL"},
		{"sessions with an argument", []string{"sessions", "ses_a"}, "takes no arguments"},
		{"sessions negative limit", []string{"sessions", "--limit", "-2"}, "--limit"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			code, out, errb := runCLI(t, tt.args...)
			first := strings.SplitN(errb, "\n", 2)[0]
			if code != app.ExitUsage || out != "" || !strings.Contains(first, tt.want) {
				t.Fatalf("exit %d, stdout %q, stderr %q; want exit %d and …%s…", code, out, errb, app.ExitUsage, tt.want)
			}
		})
	}
}
