package e2eoc

import (
	"fmt"
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
	printedOld := func() map[string]bool {
		printed := map[string]bool{}
		for _, m := range fold(old, bySession(t, completeLines(p.stdout.String()))[old]).Messages() {
			printed[m.ID] = true
		}
		return printed
	}
	// A new turn of the old session shows that dstail is live. A turn that
	// ran while dstail was still connecting is rightly not replayed (it
	// starts at now), so on a loaded machine it may take another turn.
	live := false
	for turn := 1; turn <= 3 && !live; turn++ {
		s.Prompt(t, old, ocpeer.Tag(ocpeer.ScnPlain)+fmt.Sprintf(" after %d", turn))
		s.WaitIdle(t, old, turnLimit)
		for deadline := time.Now().Add(20 * time.Second); !live && time.Now().Before(deadline) && !p.exited(); {
			live = len(printedOld()) > 0
			time.Sleep(50 * time.Millisecond)
		}
	}
	if !live {
		t.Fatalf("none of three new turns of the old session was printed; stdout:\n%s", tail(p.stdout.String(), 20))
	}
	created := s.CreateSession(t, "")
	s.Prompt(t, created, ocpeer.Tag(ocpeer.ScnPlain)+" new")
	s.WaitIdle(t, created, turnLimit)
	groups := waitFolded(t, s, p, []string{created}, 30*time.Second)
	assertStreamed(t, groups[created], fold(created, groups[created]).Messages())
	// The old session's first turn was not printed again.
	printed := printedOld()
	for _, m := range before {
		if printed[m.ID] {
			t.Errorf("--all replayed message %s of the old session's earlier turn", m.ID)
		}
	}
}
