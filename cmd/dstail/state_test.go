package main

import (
	"encoding/json"
	"path/filepath"
	"strings"
	"testing"

	"github.com/adrg/xdg"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/offsets"
)

// savePosition stores pos for TARGET as a run of dstail TARGET would.
func savePosition(t *testing.T, dir, target, server string, pos offsets.Position) {
	t.Helper()
	key, err := app.PositionKey(target, server)
	if err != nil {
		t.Fatal(err)
	}
	sv, err := offsets.NewStore(dir).Open(key)
	if err != nil {
		t.Fatal(err)
	}
	if err := sv.Commit(pos); err != nil {
		t.Fatal(err)
	}
	if err := sv.Close(); err != nil {
		t.Fatal(err)
	}
}

const (
	stateStream = "http://127.0.0.1:4437/v1/stream/orders"
	stateServer = "http://127.0.0.1:4096"
)

func TestStateListAndRemove(t *testing.T) {
	dir := t.TempDir()
	savePosition(t, dir, stateStream, "", offsets.Position{Offset: "0000_0138", Skip: 2})
	savePosition(t, dir, "ses_a", stateServer, offsets.Position{Seq: 12, EventID: "evt_9"})
	t.Setenv("DSTAIL_STATE_DIR", dir)

	code, out, errb := runCLI(t, "state", "ls")
	if code != app.ExitOK {
		t.Fatalf("ls: exit %d, %q", code, errb)
	}
	lines := strings.Split(strings.TrimSpace(out), "\n")
	// Sorted by server: the session's port comes first.
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "SERVER") ||
		!strings.Contains(lines[1], "ses_a") || !strings.Contains(lines[1], "seq 12") ||
		!strings.Contains(lines[2], "/v1/stream/orders") || !strings.Contains(lines[2], "offset 0000_0138 +2") {
		t.Fatalf("ls printed\n%s", out)
	}

	code, out, _ = runCLI(t, "state", "ls", "--json")
	var recs []app.StateRecord
	for _, line := range strings.Split(strings.TrimSpace(out), "\n") {
		var r app.StateRecord
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("ls --json line %q: %v", line, err)
		}
		recs = append(recs, r)
	}
	if code != app.ExitOK || len(recs) != 2 ||
		recs[1].Stream != "/v1/stream/orders" || recs[1].Offset != "0000_0138" || recs[1].Skip != 2 || recs[1].Updated == nil ||
		recs[0].Session != "ses_a" || recs[0].Seq == nil || *recs[0].Seq != 12 || recs[0].Server != stateServer {
		t.Fatalf("ls --json = %+v", recs)
	}

	if _, out, _ = runCLI(t, "__complete", "state", "rm", ""); !strings.HasPrefix(out, "ses_a\ton http://127.0.0.1:4096\n"+stateStream+"\toffset 0000_0138 +2\n") {
		t.Fatalf("state rm completions: %q", out)
	}
	if code, out, errb = runCLI(t, "state", "rm", stateStream); code != app.ExitOK || out != "removed http://127.0.0.1:4437 /v1/stream/orders\n" {
		t.Fatalf("rm: exit %d, %q, %q", code, out, errb)
	}
	code, _, errb = runCLI(t, "state", "rm", stateStream)
	if code != app.ExitError || !strings.HasPrefix(errb, "dstail: no saved position for /v1/stream/orders on http://127.0.0.1:4437") {
		t.Fatalf("second rm: exit %d, %q", code, errb)
	}
	// A named server resolves as for following.
	useConfig(t, "[servers.oc]\nurl = \""+stateServer+"\"\n")
	if code, out, errb = runCLI(t, "state", "rm", "--server", "oc", "ses_a"); code != app.ExitOK || !strings.Contains(out, "ses_a") {
		t.Fatalf("rm --server oc ses_a: exit %d, %q, %q", code, out, errb)
	}
	if code, out, _ = runCLI(t, "state", "ls", "--json"); code != app.ExitOK || out != "" {
		t.Fatalf("ls after rm: exit %d, %q", code, out)
	}
}

func TestStateRemoveAll(t *testing.T) {
	dir := t.TempDir()
	savePosition(t, dir, stateStream, "", offsets.Position{Offset: "1"})
	savePosition(t, dir, "ses_b", stateServer, offsets.Position{Seq: 1})
	// --all is never taken from the environment: a DSTAIL_ALL meant for
	// following every session must not wipe the state.
	t.Setenv("DSTAIL_ALL", "true")
	if code, _, errb := runCLI(t, "state", "rm", "--state-dir", dir); code != app.ExitUsage || !strings.Contains(errb, "needs a TARGET or --all") {
		t.Fatalf("rm without target: exit %d, %q", code, errb)
	}
	if code, _, errb := runCLI(t, "state", "rm", "--all", "--state-dir", dir, "ses_b"); code != app.ExitUsage {
		t.Fatalf("rm --all TARGET: exit %d, %q", code, errb)
	}
	code, out, errb := runCLI(t, "state", "rm", "--all", "--state-dir", dir)
	if code != app.ExitOK || out != "removed 2 saved position(s) from "+dir+"\n" {
		t.Fatalf("rm --all: exit %d, %q, %q", code, out, errb)
	}
	if entries, err := offsets.List(dir); err != nil || len(entries) != 0 {
		t.Fatalf("left: %+v, %v", entries, err)
	}
}

func TestStateRemoveWhileFollowed(t *testing.T) {
	dir := t.TempDir()
	key, _ := app.PositionKey(stateStream, "")
	sv, err := offsets.NewStore(dir).Open(key)
	if err != nil {
		t.Fatal(err)
	}
	defer sv.Close()
	if err := sv.Commit(offsets.Position{Offset: "1"}); err != nil {
		t.Fatal(err)
	}
	code, _, errb := runCLI(t, "state", "rm", "--state-dir", dir, stateStream)
	if code != app.ExitError || !strings.Contains(errb, "a running dstail is following /v1/stream/orders") {
		t.Fatalf("rm of a followed stream: exit %d, %q", code, errb)
	}
	code, _, errb = runCLI(t, "state", "rm", "--all", "--state-dir", dir)
	if code != app.ExitError || !strings.Contains(errb, "kept 1 position(s)") {
		t.Fatalf("rm --all with a followed stream: exit %d, %q", code, errb)
	}
}

func TestStatePath(t *testing.T) {
	code, out, _ := runCLI(t, "state", "path")
	if want := filepath.Join(xdg.StateHome, "dstail", "offsets") + "\n"; code != app.ExitOK || out != want {
		t.Fatalf("state path = %d, %q; want %q", code, out, want)
	}
	if code, out, _ = runCLI(t, "state", "path", "--state-dir", "/x/y"); out != "/x/y\n" {
		t.Fatalf("state path --state-dir = %d, %q", code, out)
	}
	for _, args := range [][]string{{"state", "bogus"}, {"state", "path", "extra"}, {"state", "ls", "--nope"}} {
		if code, _, errb := runCLI(t, args...); code != app.ExitUsage || !strings.HasPrefix(errb, "dstail: ") {
			t.Errorf("%v: exit %d, %q; want a usage error", args, code, errb)
		}
	}
}
