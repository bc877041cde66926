package ocpeer

import (
	"os"
	"path/filepath"
	"strings"
	"testing"
)

// The server must do its work without the internet: no models.dev fetch, no
// npm install of its plugin package (it would take ~100 MB and a minute on
// a slow link). What it still tries goes to the refusing proxy.
func TestServerStaysOnLoopback(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	runTurn(t, s, ScnPlain+".offline")
	for _, a := range s.OutboundAttempts() {
		if strings.HasPrefix(a, "CONNECT ") {
			t.Errorf("server tried to reach %s", a)
		}
	}
	modules := filepath.Join(s.root, "home", ".config", "opencode", "node_modules")
	if _, err := os.Stat(modules); !os.IsNotExist(err) {
		t.Errorf("%s exists (err %v): the plugin package was installed", modules, err)
	}
	t.Logf("refused outbound attempts: %q", s.OutboundAttempts())
}
