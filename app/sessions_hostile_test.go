package app

import (
	"bytes"
	"encoding/json"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/sanitize"
)

// hostileTitle carries the 8-bit CSI, an RLO, an isolate and zero-width
// characters, as a server-chosen session title can.
const hostileTitle = "ok\u009b2J\u202egnp.exe\u2066\u200b\u200d\ufeff\x1b]0;pwned\x07"

func assertNoUnsafeRunes(t *testing.T, what, s string) {
	t.Helper()
	for i := 0; i < len(s); {
		r, size, class := sanitize.ClassAt(s, i)
		if class != sanitize.Printable && r != '\r' || r == 0x1b {
			t.Fatalf("%s: %U reached the output: %q", what, r, s)
		}
		i += size
	}
}

// TestSessionsOutputIsInert: the table and --json of `dstail sessions`
// carry no raw control, bidi or zero-width rune, and --json still decodes
// to the server's exact title.
func TestSessionsOutputIsInert(t *testing.T) {
	list := []opencode.SessionSummary{{ID: "ses_\u202e1", Title: hostileTitle, Directory: "/tmp/\u2067x", Status: "idle\u200b", Updated: time.Now()}}
	var js bytes.Buffer
	if err := writeSessionsJSON(&js, list); err != nil {
		t.Fatal(err)
	}
	assertNoUnsafeRunes(t, "sessions --json", js.String())
	var rec sessionRecord
	if err := json.Unmarshal(js.Bytes(), &rec); err != nil || rec.Title != hostileTitle || rec.ID != list[0].ID {
		t.Errorf("--json decodes to %+v (%v), want the server's exact fields", rec, err)
	}
	for _, width := range []int{0, 80} {
		var table bytes.Buffer
		if err := writeSessionsTable(&table, list, width); err != nil {
			t.Fatal(err)
		}
		assertNoUnsafeRunes(t, "sessions table", table.String())
		if !strings.Contains(table.String(), "<U+202E>") {
			t.Errorf("width %d: the table should show the override as a marker:\n%s", width, table.String())
		}
	}
}
