package e2eoc

import (
	"encoding/json"
	"net/url"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// bySession decodes dstail's --json output of several sessions and groups
// the lines by their session, keeping their order.
func bySession(t *testing.T, out string) map[string][]jsonLine {
	t.Helper()
	groups := map[string][]jsonLine{}
	for i, text := range strings.Split(strings.TrimSuffix(out, "\n"), "\n") {
		if text == "" {
			continue
		}
		var l jsonLine
		if err := json.Unmarshal([]byte(text), &l); err != nil {
			t.Fatalf("line %d is not JSON (%v): %s", i+1, err, text)
		}
		if l.Type == "" || len(l.Data) == 0 || l.Data[0] != '{' || !strings.HasPrefix(l.Session, "ses_") {
			t.Fatalf("line %d lacks session, type or data object: %s", i+1, text)
		}
		groups[l.Session] = append(groups[l.Session], l)
	}
	return groups
}

// foldsToServer reports whether the lines of every session in ids fold to
// what the server stores for it now.
func foldsToServer(t *testing.T, s *ocpeer.Server, groups map[string][]jsonLine, ids []string) bool {
	t.Helper()
	for _, id := range ids {
		want, err := reconcile.MessagesFromREST(s.Messages(t, id))
		if err != nil {
			t.Fatalf("decode server messages of %s: %v", id, err)
		}
		if len(want) == 0 || len(reconcile.CompareMessages(fold(id, groups[id]).Messages(), want)) > 0 {
			return false
		}
	}
	return true
}

// waitFolded waits until every session's lines fold to the server's state,
// then checks each exactly (with a readable diff) and returns the groups.
func waitFolded(t *testing.T, s *ocpeer.Server, p *proc, ids []string, timeout time.Duration) map[string][]jsonLine {
	t.Helper()
	deadline := time.Now().Add(timeout)
	for {
		groups := bySession(t, p.stdout.String())
		if foldsToServer(t, s, groups, ids) || time.Now().After(deadline) || p.exited() {
			for _, id := range ids {
				assertFoldEqualsServer(t, s, id, groups[id])
			}
			return groups
		}
		time.Sleep(200 * time.Millisecond)
	}
}

// childrenOf lists the child sessions of id on the server.
func childrenOf(t *testing.T, s *ocpeer.Server, id string) []string {
	t.Helper()
	status, data := s.Do(t, "GET", "/session/"+url.PathEscape(id)+"/children", nil)
	if status != 200 {
		t.Fatalf("children of %s: status %d: %s", id, status, data)
	}
	var list []struct {
		ID string `json:"id"`
	}
	if err := json.Unmarshal(data, &list); err != nil {
		t.Fatalf("children of %s: %v", id, err)
	}
	var ids []string
	for _, c := range list {
		ids = append(ids, c.ID)
	}
	return ids
}

// interleaved reports whether a line of b comes between two lines of a:
// the two sessions streamed at the same time.
func interleaved(out, a, b string) bool {
	bAfterA, sawA := false, false
	for _, line := range strings.Split(out, "\n") {
		switch {
		case strings.Contains(line, `"session":"`+a+`"`) && strings.Contains(line, reconcile.TypePartDelta):
			if bAfterA {
				return true
			}
			sawA = true
		case sawA && strings.Contains(line, `"session":"`+b+`"`) && strings.Contains(line, reconcile.TypePartDelta):
			bAfterA = true
		}
	}
	return false
}
