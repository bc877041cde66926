package e2eoc

import (
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
)

type sessionRow struct {
	ID        string `json:"id"`
	Title     string `json:"title"`
	Directory string `json:"directory"`
	Status    string `json:"status"`
	Updated   string `json:"updated"`
}

// TestSessionsListsStatuses runs `dstail sessions --json` while one session
// answers slowly: it is listed busy, an idle one idle, and a session of
// another project only with --all-dirs.
func TestSessionsListsStatuses(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	busy, idle := s.CreateSession(t, ""), s.CreateSession(t, "")
	elsewhere := s.CreateSession(t, s.Dirs()[projectTools])
	s.Prompt(t, busy, ocpeer.Tag(longScenario)+" keep busy")
	deadline := time.Now().Add(30 * time.Second)
	for s.Status(t, "")[busy].Type != "busy" {
		if time.Now().After(deadline) {
			t.Fatal("the session never turned busy")
		}
		time.Sleep(50 * time.Millisecond)
	}
	rows := listSessions(t, s, "--server", s.URL(), "--json")
	if got := rows[busy].Status; got != "busy" {
		t.Errorf("busy session listed as %q", got)
	}
	if got := rows[idle]; got.Status != "idle" || got.Directory != s.Dir() {
		t.Errorf("idle session listed as %+v, want idle in %s", got, s.Dir())
	}
	if _, ok := rows[elsewhere]; ok {
		t.Errorf("a session of another project is listed without --all-dirs")
	}
	all := listSessions(t, s, "--server", s.URL(), "--json", "--all-dirs")
	if got := all[elsewhere]; got.Status != "idle" || got.Directory != s.Dirs()[projectTools] {
		t.Errorf("--all-dirs: other project's session listed as %+v", got)
	}
	if all[busy].Status != "busy" && s.Status(t, "")[busy].Type == "busy" {
		t.Errorf("--all-dirs: busy session listed as %q", all[busy].Status)
	}
	s.WaitIdle(t, busy, turnLimit)
	if got := listSessions(t, s, "--server", s.URL(), "--json")[busy].Status; got != "idle" {
		t.Errorf("after the turn the session is listed as %q, want idle", got)
	}
	// The table names the same sessions, one row each.
	p := startDstail(t, nil, "sessions", "--server", s.URL())
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("dstail sessions: exit %d", code)
	}
	if out := p.stdout.String(); !strings.HasPrefix(out, "ID") || !strings.Contains(out, busy) || !strings.Contains(out, idle) {
		t.Errorf("table lacks the header or the sessions:\n%s", out)
	}
}

// listSessions runs `dstail sessions` and returns its rows by session id.
func listSessions(t *testing.T, s *ocpeer.Server, args ...string) map[string]sessionRow {
	t.Helper()
	p := startDstail(t, nil, append([]string{"sessions"}, args...)...)
	if code := p.wait(t, 30*time.Second); code != 0 {
		t.Fatalf("dstail sessions: exit %d, stderr %s", code, p.stderr.String())
	}
	rows := map[string]sessionRow{}
	var last time.Time
	for i, line := range strings.Split(strings.TrimSuffix(p.stdout.String(), "\n"), "\n") {
		var r sessionRow
		if err := json.Unmarshal([]byte(line), &r); err != nil {
			t.Fatalf("line %d is not JSON (%v): %s", i+1, err, line)
		}
		updated, err := time.Parse(time.RFC3339, r.Updated)
		if err != nil {
			t.Fatalf("line %d: updated %q: %v", i+1, r.Updated, err)
		}
		if i > 0 && updated.After(last) {
			t.Errorf("line %d is newer than the line before: not newest first", i+1)
		}
		last = updated
		rows[r.ID] = r
	}
	return rows
}
