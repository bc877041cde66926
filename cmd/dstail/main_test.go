package main

import (
	"fmt"
	"os"
	"strings"
	"testing"

	"github.com/adrg/xdg"
)

// TestMain keeps the tests away from the user's config file, saved
// positions and DSTAIL_* settings.
func TestMain(m *testing.M) {
	os.Exit(isolated(m))
}

func isolated(m *testing.M) int {
	home, err := os.MkdirTemp("", "dstail-cmd-test-")
	if err != nil {
		fmt.Fprintln(os.Stderr, err)
		return 1
	}
	defer os.RemoveAll(home)
	for _, kv := range os.Environ() {
		name, _, _ := strings.Cut(kv, "=")
		if strings.HasPrefix(name, "DSTAIL_") || strings.HasPrefix(name, "OPENCODE_SERVER_") || name == "NO_COLOR" || name == "CLICOLOR_FORCE" {
			os.Unsetenv(name)
		}
	}
	os.Setenv("XDG_CONFIG_HOME", home+"/config")
	os.Setenv("XDG_STATE_HOME", home+"/state")
	xdg.Reload()
	return m.Run()
}
