package main

import (
	"encoding/json"
	"strings"
	"testing"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/internal/ocfake"
)

// `dstail servers` lists the config's servers: a named server behind a
// password is probed with its own user and password-env, as --server NAME
// would be, unless DSTAIL_PASSWORD outranks it; bad flags are usage errors.
func TestServersNamed(t *testing.T) {
	open, locked := ocfake.Healthy(t, "1.18.33", "", ""), ocfake.Healthy(t, "1.18.33", "me", "named-pw")
	useConfig(t, "[servers.open]\nurl = \""+open.URL+"\"\n\n[servers.locked]\nurl = \""+locked.URL+
		"\"\nusername = \"me\"\npassword-env = \"TEST_DSTAIL_LOCKED_PW\"\n")
	t.Setenv("TEST_DSTAIL_LOCKED_PW", "named-pw")
	t.Setenv("OPENCODE_SERVER_PASSWORD", "local-pw") // meant for the local OpenCode: the named one's wins
	type line struct {
		URL, Name, Source, Error string
		Sessions                 *int
		NeedsPassword            bool
	}
	list := func(t *testing.T) map[string]line {
		t.Helper()
		code, out, errb := runCLI(t, "servers", "--mdns=false", "--json")
		if code != 0 {
			t.Fatalf("exit %d; stderr %q", code, errb)
		}
		got := map[string]line{}
		for _, l := range strings.Split(strings.TrimSpace(out), "\n") {
			var s line
			if err := json.Unmarshal([]byte(l), &s); err != nil {
				t.Fatalf("not a JSON line %q: %v", l, err)
			}
			got[s.Name] = s
		}
		return got
	}
	got := list(t)
	for _, name := range []string{"open", "locked"} {
		if s := got[name]; s.Source != "config" || s.Sessions == nil || *s.Sessions != 1 || s.NeedsPassword || s.Error != "" {
			t.Errorf("%s: %+v, want it listed with its one session", name, s)
		}
	}
	t.Setenv("DSTAIL_PASSWORD", "other-pw")
	if s := list(t)["locked"]; !s.NeedsPassword || s.Sessions != nil || !strings.Contains(s.Error, "refused") {
		t.Errorf("DSTAIL_PASSWORD outranks the named password, which the server refuses: %+v", s)
	}
	for _, tt := range []struct{ arg, want string }{{"--timeout=0s", "--timeout"}, {"--timeout=2m", "--timeout"}, {"extra", "no arguments"}} {
		if code, _, errb := runCLI(t, "servers", tt.arg); code != app.ExitUsage || !strings.Contains(firstLine(errb), tt.want) {
			t.Errorf("servers %s: exit %d, stderr %q; want a usage error naming %s", tt.arg, code, errb, tt.want)
		}
	}
}
