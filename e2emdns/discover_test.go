package e2emdns

import (
	"bytes"
	"encoding/json"
	"errors"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/internal/tmuxpane"
)

// turnLimit bounds one mock turn on a loaded machine.
const turnLimit = 60 * time.Second

// serverLine is one line of `dstail servers --json`.
type serverLine struct {
	URL           string `json:"url"`
	Name          string `json:"name"`
	Source        string `json:"source"`
	Instance      string `json:"instance"`
	Version       string `json:"version"`
	Sessions      *int   `json:"sessions"`
	NeedsPassword bool   `json:"needsPassword"`
}

// TestDiscoveryInNamespace: with no server anywhere `dstail servers` says
// so in one line and exits 0; with two OpenCode servers announcing over
// mDNS (two domains) and a third behind a password, `dstail servers
// --json` lists them with their URLs, versions and session counts, the
// third marked; the picker offers the servers and follows a session on
// the second one.
func TestDiscoveryInNamespace(t *testing.T) {
	if inNamespace(t, "TestDiscoveryInNamespace") {
		return
	}
	bin := os.Getenv(binEnv)
	home := t.TempDir()
	env := append(os.Environ(), "XDG_CONFIG_HOME="+filepath.Join(home, "config"), "XDG_STATE_HOME="+filepath.Join(home, "state"),
		"OPENCODE_SERVER_PASSWORD=", "DSTAIL_SERVER=")
	dstail := func(args ...string) (stdout, stderr string, took time.Duration, err error) {
		cmd := exec.Command(bin, args...)
		cmd.Env = env
		var o, e bytes.Buffer
		cmd.Stdout, cmd.Stderr = &o, &e
		start := time.Now()
		err = cmd.Run()
		return o.String(), e.String(), time.Since(start), err
	}

	// Nothing anywhere: one line, exit 0, after the browse.
	out, errOut, took, err := dstail("servers", "--timeout", "1s")
	if err != nil || strings.Count(out, "\n") != 1 || !strings.HasPrefix(out, "no OpenCode server found") || errOut != "" {
		t.Fatalf("with no server: err %v, stdout %q, stderr %q", err, out, errOut)
	}
	t.Logf("no server: answered in %v", took)
	if took > 10*time.Second {
		t.Errorf("with no server dstail servers took %v for a 1s browse", took)
	}

	first, second, locked := startServers(t)
	id := second.CreateSession(t, "")
	second.Prompt(t, id, ocpeer.Tag(ocpeer.ScnPlain)+" discovered-marker")
	second.WaitIdle(t, id, turnLimit)

	// The race-built binary starts slowly on a loaded machine: what counts
	// is the time past a start that does nothing.
	_, _, startup, _ := dstail("version")
	out, errOut, took, err = dstail("servers", "--json", "--timeout", "1s")
	if err != nil {
		t.Fatalf("dstail servers --json: %v\n%s", err, errOut)
	}
	t.Logf("dstail servers --json answered in %v (a bare start: %v):\n%s", took, startup, out)
	if took-startup > 2*time.Second {
		t.Errorf("dstail servers --json took %v past start-up, want the servers within 2s", took-startup)
	}
	found := map[string]serverLine{}
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var s serverLine
		if err := json.Unmarshal([]byte(line), &s); err != nil {
			t.Fatalf("not a JSON line: %q", line)
		}
		found[s.URL] = s
	}
	want := []struct {
		srv      *ocpeer.Server
		name     string
		sessions int
	}{{first, "opencode.local", 0}, {second, "second.local", 1}}
	for _, w := range want {
		s, ok := found[w.srv.URL()]
		if !ok || s.Name != w.name || s.Source != "mdns" || s.Version == "" || s.Sessions == nil || *s.Sessions != w.sessions || s.NeedsPassword {
			t.Errorf("%s (%s): got %+v, want it announced with %d sessions", w.name, w.srv.URL(), s, w.sessions)
		}
	}
	if s, ok := found[locked.URL()]; !ok || !s.NeedsPassword || s.Sessions != nil || s.Name != "locked.local" {
		t.Errorf("the server behind a password: got %+v, want it listed as needing one", s)
	}
	if len(found) != 3 {
		t.Errorf("want exactly the three servers, got %d", len(found))
	}

	p := tmuxpane.New(t, "dstail-e2emdns-"+strconv.Itoa(os.Getpid()), "main", "env XDG_CONFIG_HOME="+filepath.Join(home, "config")+" OPENCODE_SERVER_PASSWORD= DSTAIL_SERVER= "+bin+" --no-save; echo EXIT=$?; sleep 60")
	p.Wait("the server list with both servers", func(sc string) bool {
		return strings.Contains(sc, "OpenCode servers") && strings.Contains(sc, "opencode.local") &&
			strings.Contains(sc, "second.local") && strings.Contains(sc, "needs a password")
	})
	p.Keys("/")
	p.Keys("-l", "second")
	p.Wait("the filtered server list", func(sc string) bool {
		return strings.Contains(sc, "second.local") && !strings.Contains(sc, "opencode.local ·")
	})
	p.Keys("Enter")
	time.Sleep(500 * time.Millisecond) // the list applies the filter
	p.Keys("Enter")
	p.Wait("the second server's sessions", func(sc string) bool {
		return strings.Contains(sc, "OpenCode sessions") && strings.Contains(sc, id)
	})
	p.Keys("Enter")
	p.Wait("the session followed live", func(sc string) bool {
		return strings.Contains(sc, "discovered-marker") && strings.Contains(sc, ocpeer.PlainText) && strings.Contains(sc, "● live")
	})
	p.Keys("Escape")
	p.Wait("the session list again", func(sc string) bool {
		return strings.Contains(sc, "OpenCode sessions") && !strings.Contains(sc, "● live")
	})
	p.Keys("Escape")
	p.Wait("the server list again", func(sc string) bool { return strings.Contains(sc, "OpenCode servers") })
	p.Keys("q")
	p.Wait("exit code 0 after q", func(sc string) bool { return strings.Contains(sc, "EXIT=0") })
}

// startServers starts the three servers at once (each takes seconds).
func startServers(t *testing.T) (first, second, locked *ocpeer.Server) {
	t.Helper()
	opts := [][]ocpeer.Option{
		{ocpeer.WithServeArgs("--mdns")},
		{ocpeer.WithServeArgs("--mdns", "--mdns-domain", "second.local")},
		{ocpeer.WithServeArgs("--mdns", "--mdns-domain", "locked.local"), ocpeer.WithPassword("secret")},
	}
	servers := make([]*ocpeer.Server, len(opts))
	errs := make([]error, len(opts))
	var wg sync.WaitGroup
	for i, o := range opts {
		wg.Go(func() { servers[i], errs[i] = ocpeer.Launch(append(o, ocpeer.WithHostname("0.0.0.0"))...) })
	}
	wg.Wait()
	for _, s := range servers {
		if s != nil {
			t.Cleanup(func() {
				if t.Failed() {
					t.Logf("opencode log tail:\n%s", s.LogTail(40))
				}
				_ = s.Close()
			})
		}
	}
	if err := errors.Join(errs...); err != nil {
		t.Fatal(err)
	}
	return servers[0], servers[1], servers[2]
}
