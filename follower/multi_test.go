package follower

import (
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dstail/dstail/internal/ocfake"
	"github.com/dstail/dstail/transport"
)

func TestFollowSessionsFoldsEachOverOneConnection(t *testing.T) {
	f, ids := newMultiFake(t, "g-concurrent", "A1", "A2", "B1")
	srv := httptest.NewServer(f)
	defer srv.Close()
	run, err := followMulti(t, srv, Options{Sessions: ids}, nil, f.foldsToREST(ids...))
	if err != nil {
		t.Fatalf("Follow: %v", err)
	}
	if !f.foldsToREST(ids...)(run) {
		t.Fatal("not every session folded to its REST state")
	}
	if n := f.Count("/global/event"); n != 1 {
		t.Fatalf("%d event stream connections for %d sessions, want 1", n, len(ids))
	}
	for _, id := range ids {
		if run.origins[id] != OriginTarget {
			t.Errorf("session %s: origin %v, want OriginTarget", id, run.origins[id])
		}
	}
}

func TestFollowSessionsFollowsChildren(t *testing.T) {
	for _, tc := range []struct {
		name       string
		listed     bool // /children names the child at start
		wantOrigin Origin
	}{
		{name: "created while following", wantOrigin: OriginCreated},
		{name: "present at start", listed: true, wantOrigin: OriginChild},
	} {
		t.Run(tc.name, func(t *testing.T) {
			f, ids := newMultiFake(t, "n-subagent", "", "child")
			parent, child := ids[0], ids[1]
			if tc.listed {
				f.Children[parent] = []string{child}
			}
			run := followParentWithChild(t, f, f, parent, child)
			if run.origins[child] != tc.wantOrigin {
				t.Fatalf("child origin %v, want %v", run.origins[child], tc.wantOrigin)
			}
		})
	}
}

// followParentWithChild follows parent, children included, through h
// until it and child fold to their REST state.
func followParentWithChild(t *testing.T, f *multiFake, h http.Handler, parent, child string) *multiRun {
	t.Helper()
	srv := httptest.NewServer(h)
	defer srv.Close()
	run, err := followMulti(t, srv, Options{Sessions: []string{parent}, Children: true}, nil, f.foldsToREST(parent, child))
	if err != nil {
		t.Fatalf("Follow: %v", err)
	}
	if !f.foldsToREST(parent, child)(run) {
		t.Fatal("parent and child did not both fold to their REST state")
	}
	return run
}

func TestFollowSessionsWithoutChildrenIgnoresThem(t *testing.T) {
	f, ids := newMultiFake(t, "n-subagent", "", "child")
	f.Children[ids[0]] = []string{ids[1]}
	srv := httptest.NewServer(f)
	defer srv.Close()
	run, err := followMulti(t, srv, Options{Sessions: ids[:1]}, nil, f.foldsToREST(ids[0]))
	if err != nil {
		t.Fatal(err)
	}
	if _, ok := run.folded[ids[1]]; ok || f.Count("/session/"+ids[1]+"/message") != 0 {
		t.Fatal("the child was followed without Children")
	}
}

// With All, listed sessions start where Start says (here: now, silently)
// and sessions created while following are followed from their start.
func TestFollowSessionsAllPicksUpCreatedSessions(t *testing.T) {
	f, ids := newMultiFake(t, "g-concurrent", "A1", "A2", "B1")
	f.Listed = ids[:1]
	srv := httptest.NewServer(f)
	defer srv.Close()
	start := func(_ string, o Origin) Start { return Start{Silent: o == OriginListed} }
	run, err := followMulti(t, srv, Options{All: true}, start, f.foldsToREST(ids[1:]...))
	if err != nil {
		t.Fatal(err)
	}
	if !f.foldsToREST(ids[1:]...)(run) {
		t.Fatal("the sessions created while following did not fold to their REST state")
	}
	want := map[string]Origin{ids[0]: OriginListed, ids[1]: OriginCreated, ids[2]: OriginCreated}
	for id, o := range want {
		if run.origins[id] != o {
			t.Errorf("session %s: origin %v, want %v", id, run.origins[id], o)
		}
	}
	// The listed session started silently: its old messages were not
	// handed on again.
	if m := run.folded[ids[0]]; m != nil && len(m.Messages()) > 0 {
		t.Errorf("listed session started at now, yet %d old messages were handed on", len(m.Messages()))
	}
}

func TestFollowSessionsCapsAutomaticSessions(t *testing.T) {
	f, ids := newMultiFake(t, "g-concurrent", "A1", "A2", "B1")
	f.Listed = ids
	srv := httptest.NewServer(f)
	defer srv.Close()
	run, err := followMulti(t, srv, Options{All: true, MaxSessions: 1, Once: true}, nil, nil)
	if err != nil {
		t.Fatal(err)
	}
	if len(run.origins) != 1 {
		t.Fatalf("followed %d sessions with a cap of 1", len(run.origins))
	}
	refused := 0
	for _, n := range run.notes {
		if strings.HasPrefix(n, "not following ses_") {
			refused++
		}
	}
	if refused != len(ids)-1 {
		t.Fatalf("notes %q: want one refusal per session over the cap", run.notes)
	}
}

func TestFollowSessionsUnknownTargetIsNotFound(t *testing.T) {
	f, ids := newMultiFake(t, "g-concurrent", "A1")
	srv := httptest.NewServer(f)
	defer srv.Close()
	_, err := followMulti(t, srv, Options{Sessions: append(ids, "ses_unknown")}, nil, nil)
	if !transport.NotFound(err) {
		t.Fatalf("err %v, want not found", err)
	}
}

// An older server without /global/event still serves a session and its
// children: they share a directory, whose /event stream carries them all.
func TestFollowSessionsFallsBackToDirectoryStream(t *testing.T) {
	f, ids := newMultiFake(t, "n-subagent", "", "child")
	f.DirFrames = ocfake.SSEData(ocfake.ReadFixture(t, "n-subagent.event.sse"))
	srv := httptest.NewServer(f)
	defer srv.Close()
	run, err := followMulti(t, srv, Options{Sessions: ids[:1], Children: true}, nil, f.foldsToREST(ids...))
	if err != nil {
		t.Fatalf("Follow: %v", err)
	}
	if !f.foldsToREST(ids...)(run) || f.Count("/event") == 0 {
		t.Fatalf("parent and child should fold over /event (%d connections)", f.Count("/event"))
	}
}

// Sessions of different directories need the global stream.
func TestFollowSessionsWithoutGlobalStreamNeedsOneDirectory(t *testing.T) {
	f, ids := newMultiFake(t, "g-concurrent", "A1", "B1")
	f.DirFrames = ocfake.SSEData(ocfake.ReadFixture(t, "g-concurrent.event-projA.sse"))
	srv := httptest.NewServer(f)
	defer srv.Close()
	_, err := followMulti(t, srv, Options{Sessions: ids}, nil, nil)
	var pe *transport.ProtocolError
	if !errors.As(err, &pe) || !strings.Contains(pe.Msg, "no /global/event") {
		t.Fatalf("err %v, want a protocol error naming the missing /global/event", err)
	}
}
