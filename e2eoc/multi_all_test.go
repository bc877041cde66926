package e2eoc

import (
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocpeer"
	"github.com/dstail/dstail/reconcile"
)

// TestAllPicksUpNewSessions runs `dstail --all`: a session that existed
// before starts at now (its earlier turn is not replayed), and a session
// created while dstail runs is followed from its start.
func TestAllPicksUpNewSessions(t *testing.T) {
	t.Parallel()
	s := sharedServer(t)
	old := s.CreateSession(t, "")
	s.Prompt(t, old, ocpeer.Tag(ocpeer.ScnPlain)+" before")
	s.WaitIdle(t, old, turnLimit)
	before, err := reconcile.MessagesFromREST(s.Messages(t, old))
	if err != nil || len(before) == 0 {
		t.Fatalf("messages of the old session: %d, %v", len(before), err)
	}
	// Other tests share the server: no cap, so that their sessions cannot
	// crowd out the one this test creates.
	p := startDstail(t, nil, "--all", "--max-sessions", "0", "--server", s.URL(), "--json", "--no-save")
	// The old session's next turn shows that dstail is live.
	s.Prompt(t, old, ocpeer.Tag(ocpeer.ScnPlain)+" after")
	p.waitOutput(t, "the old session's new turn", turnLimit, func(out string) bool {
		return strings.Contains(out, `"session":"`+old+`"`) && strings.Contains(out, reconcile.TypePartDelta)
	})
	created := s.CreateSession(t, "")
	s.Prompt(t, created, ocpeer.Tag(ocpeer.ScnPlain)+" new")
	s.WaitIdle(t, old, turnLimit)
	s.WaitIdle(t, created, turnLimit)
	groups := waitFolded(t, s, p, []string{created}, 30*time.Second)
	assertStreamed(t, groups[created], fold(created, groups[created]).Messages())
	// The old session: its second turn was printed (its last update may
	// trail the server's idle on a loaded machine), its first was not.
	printedOld := func(out string) map[string]bool {
		printed := map[string]bool{}
		for _, m := range fold(old, bySession(t, completeLines(out))[old]).Messages() {
			printed[m.ID] = true
		}
		return printed
	}
	p.waitOutput(t, "the old session's new turn folded", 30*time.Second, func(out string) bool {
		return len(printedOld(out)) > 0
	})
	printed := printedOld(p.stdout.String())
	for _, m := range before {
		if printed[m.ID] {
			t.Errorf("--all replayed message %s of the old session's earlier turn", m.ID)
		}
	}
	if len(printed) == 0 {
		t.Error("nothing of the old session's new turn was printed")
	}
}
