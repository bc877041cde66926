package follower

import (
	"encoding/json"
	"errors"
	"net/http"
	"net/http/httptest"
	"testing"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/transport"
)

func TestFollowSessionFoldsToServerState(t *testing.T) {
	for _, scenario := range []string{"a-plain", "b-reasoning", "c-tool", "d-error", "e-abort"} {
		t.Run(scenario, func(t *testing.T) {
			f := newFakeOpenCode(t, scenario)
			srv := httptest.NewServer(f)
			defer srv.Close()
			m, err := follow(t, srv, f.session, Options{}, Start{}, equalsREST(f))
			if err != nil {
				t.Fatalf("Follow: %v", err)
			}
			checkFoldsToREST(t, f, m, "fold")
		})
	}
}

func TestFollowSessionOnceStopsAfterCatchUp(t *testing.T) {
	f := newFakeOpenCode(t, "c-tool")
	srv := httptest.NewServer(f)
	defer srv.Close()
	m, err := follow(t, srv, f.session, Options{Once: true}, Start{}, nil)
	if err != nil {
		t.Fatal(err)
	}
	checkFoldsToREST(t, f, m, "--once state")
}

func TestFollowSessionReconnectsByREST(t *testing.T) {
	f := newFakeOpenCode(t, "c-tool")
	f.cuts = []int{40, 70} // two connections end early, the third stays
	srv := httptest.NewServer(f)
	defer srv.Close()
	m, err := follow(t, srv, f.session, Options{}, Start{}, func(m *reconcile.Model) bool {
		return f.Count("/global/event") >= 3 && equalsREST(f)(m)
	})
	if err != nil {
		t.Fatal(err)
	}
	if got := f.Count("/session/" + f.session + "/message"); got < 3 {
		t.Fatalf("%d message-list catch-ups for 3 connections", got)
	}
	f.mu.Lock()
	defer f.mu.Unlock()
	// History would dump every other session of the server: a model that
	// holds the full state never needs it.
	if len(f.history) != 0 {
		t.Fatalf("in-process reconnect asked sync history: %q", f.history)
	}
	checkFoldsToREST(t, f, m, "fold")
}

func TestFollowSessionResumeUsesHistoryForItsSessionOnly(t *testing.T) {
	f := newFakeOpenCode(t, "c-tool")
	srv := httptest.NewServer(f)
	defer srv.Close()
	printed, err := follow(t, srv, f.session, Options{Once: true}, Start{Resume: true, ResumeSeq: 5}, nil)
	if err != nil {
		t.Fatal(err)
	}
	// History (empty here) is all that is new: nothing of the old
	// messages may be handed on again.
	if n := len(printed.Messages()); n != 0 {
		t.Fatalf("resume handed on %d old messages", n)
	}
	lists := f.Count("/session/" + f.session + "/message")
	f.mu.Lock()
	defer f.mu.Unlock()
	if len(f.history) != 1 {
		t.Fatalf("history requests %q, want one", f.history)
	}
	var body map[string]int64
	if err := json.Unmarshal([]byte(f.history[0]), &body); err != nil || body[f.session] != 5 {
		t.Fatalf("history body %q, want %s from seq 5", f.history[0], f.session)
	}
	if lists != 1 {
		t.Fatalf("resume fetched the message list %d times, want once (to learn the old state silently)", lists)
	}
}

func TestFollowSessionFallsBackToDirectoryStream(t *testing.T) {
	f := newFakeOpenCode(t, "a-plain")
	f.noGlobal = true
	srv := httptest.NewServer(f)
	defer srv.Close()
	if _, err := follow(t, srv, f.session, Options{}, Start{}, equalsREST(f)); err != nil {
		t.Fatal(err)
	}
	if f.Count("/event") == 0 {
		t.Fatal("never used /event?directory=")
	}
}

func TestFollowSessionPermanentErrors(t *testing.T) {
	tests := []struct {
		name     string
		status   int
		notFound bool
	}{
		{"unauthorized", http.StatusUnauthorized, false},
		{"forbidden", http.StatusForbidden, false},
		{"unknown session", http.StatusNotFound, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := newFakeOpenCode(t, "a-plain")
			f.status = tt.status
			srv := httptest.NewServer(f)
			defer srv.Close()
			_, err := follow(t, srv, f.session, Options{}, Start{}, nil)
			var se *transport.StatusError
			if !errors.As(err, &se) || se.Status != tt.status || transport.NotFound(err) != tt.notFound {
				t.Fatalf("err = %v, want status %d", err, tt.status)
			}
			if n := f.Count("/session/" + f.session); n != 1 {
				t.Fatalf("%d requests, want exactly 1 (no retry)", n)
			}
		})
	}
}

func mustREST(t *testing.T, f *fakeOpenCode) []reconcile.Message {
	t.Helper()
	want, err := reconcile.MessagesFromREST(f.read("messages"))
	if err != nil {
		t.Fatal(err)
	}
	return want
}

// checkFoldsToREST fails when m, named what, differs from the fake's REST
// messages.
func checkFoldsToREST(t *testing.T, f *fakeOpenCode, m *reconcile.Model, what string) {
	t.Helper()
	if diff := reconcile.CompareMessages(m.Messages(), mustREST(t, f)); len(diff) > 0 {
		t.Fatalf("%s differs from REST: %v", what, diff)
	}
}
