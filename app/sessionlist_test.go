package app

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/charmbracelet/x/ansi"
	"github.com/dstail/dstail/opencode"
)

func sampleSessions() []opencode.SessionSummary {
	now := time.Now()
	return []opencode.SessionSummary{
		{ID: "ses_aaaaaaaaaaaaAAAAAAAAAAAAAA", Title: "a very long title \x1b[2J that goes on and on about what the agent does", Directory: "/home/someone/projects/deeply/nested/work/tree", Status: "busy", Updated: now.Add(-5 * time.Second), Created: now.Add(-time.Hour), Cost: 0.126},
		{ID: "ses_bbbbbbbbbbbbBBBBBBBBBBBBBB", Title: "Child work (@general subagent)", Directory: "/p", ParentID: "ses_aaaaaaaaaaaaAAAAAAAAAAAAAA", Status: "idle", Updated: now.Add(-3 * time.Hour), Created: now.Add(-4 * time.Hour)},
	}
}

func TestSessionsTableFitsAndIsSanitised(t *testing.T) {
	var out bytes.Buffer
	if err := writeSessionsTable(&out, sampleSessions(), 90); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != 3 || !strings.HasPrefix(lines[0], "ID") {
		t.Fatalf("want a header and two rows:\n%s", out.String())
	}
	for _, l := range lines {
		if w := ansi.StringWidth(l); w > 90 {
			t.Errorf("row is %d cells wide, terminal 90: %q", w, l)
		}
		if strings.ContainsRune(l, '\x1b') {
			t.Errorf("row keeps an escape: %q", l)
		}
	}
	for _, want := range []string{"busy", "5s ago", "$0.13", "ses_aaaaaaaaaaaaAAAAAAAAAAAAAA", "work/tree", "a very long"} {
		if !strings.Contains(lines[1], want) {
			t.Errorf("row %q lacks %q", lines[1], want)
		}
	}
	if !strings.Contains(lines[2], "↳ Child") || !strings.Contains(lines[2], "3h ago") {
		t.Errorf("child row %q: want ↳ mark and 3h ago", lines[2])
	}
}

func TestSessionsTableUnlimitedWidthKeepsText(t *testing.T) {
	var out bytes.Buffer
	if err := writeSessionsTable(&out, sampleSessions(), 0); err != nil {
		t.Fatal(err)
	}
	if !strings.Contains(out.String(), "goes on and on about what the agent does") {
		t.Fatalf("a pipe got a shortened title:\n%s", out.String())
	}
}

func TestSessionsJSONRecords(t *testing.T) {
	var out bytes.Buffer
	list := sampleSessions()
	if err := writeSessionsJSON(&out, list); err != nil {
		t.Fatal(err)
	}
	lines := strings.Split(strings.TrimSuffix(out.String(), "\n"), "\n")
	if len(lines) != len(list) {
		t.Fatalf("%d lines for %d sessions", len(lines), len(list))
	}
	for i, l := range lines {
		var rec sessionRecord
		if err := json.Unmarshal([]byte(l), &rec); err != nil {
			t.Fatalf("line %d: %v", i, err)
		}
		updated, err := time.Parse(time.RFC3339, rec.Updated)
		if err != nil || !updated.Equal(list[i].Updated.Truncate(time.Nanosecond)) {
			t.Errorf("line %d: updated %q (%v), want %v", i, rec.Updated, err, list[i].Updated)
		}
		if rec.ID != list[i].ID || rec.Status != list[i].Status || rec.ParentID != list[i].ParentID || rec.Title != list[i].Title {
			t.Errorf("line %d: %+v does not match %+v", i, rec, list[i])
		}
	}
}

func TestRelTime(t *testing.T) {
	now := time.Now()
	for d, want := range map[time.Duration]string{
		-2 * time.Second: "0s ago", 59 * time.Second: "59s ago", 2 * time.Minute: "2m ago",
		30 * time.Hour: "30h ago", 72 * time.Hour: "3d ago",
	} {
		if got := relTime(now, now.Add(-d)); got != want {
			t.Errorf("relTime(%v) = %q, want %q", d, got, want)
		}
	}
}
