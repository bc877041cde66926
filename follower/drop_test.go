package follower

import (
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"

	"github.com/dstail/dstail/transport"
)

// goneMessages answers 404 for the message list of session gone: the
// session was deleted between its first read and its catch-up.
func goneMessages(h http.Handler, gone string) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/session/"+gone+"/message" {
			http.NotFound(w, r)
			return
		}
		h.ServeHTTP(w, r)
	})
}

// A session deleted while others are followed is dropped with a notice;
// the follow goes on with the others.
func TestFollowDropsADeletedSession(t *testing.T) {
	f, ids := newMultiFake(t, "g-concurrent", "A1", "A2")
	srv := httptest.NewServer(goneMessages(f, ids[1]))
	defer srv.Close()
	var dropped []string
	opts := Options{Sessions: ids, Once: true, OnDrop: func(id string) { dropped = append(dropped, id) }}
	run, err := followMulti(t, srv, opts, nil, nil)
	if err != nil {
		t.Fatalf("Follow: %v", err)
	}
	if len(dropped) != 1 || dropped[0] != ids[1] {
		t.Fatalf("dropped %v, want %s", dropped, ids[1])
	}
	if !f.foldsToREST(ids[0])(run) {
		t.Fatal("the session still there did not fold to its REST state")
	}
	if len(run.notes) != 1 || !strings.Contains(run.notes[0], ids[1]+" is gone from the server") {
		t.Fatalf("notes %q, want one saying %s is gone", run.notes, ids[1])
	}
}

// The last session followed ends the follow with its error when it is
// deleted, as a session followed alone always has.
func TestFollowEndsWhenTheLastSessionIsDeleted(t *testing.T) {
	f, ids := newMultiFake(t, "g-concurrent", "A1")
	srv := httptest.NewServer(goneMessages(f, ids[0]))
	defer srv.Close()
	run, err := followMulti(t, srv, Options{Sessions: ids}, nil, nil)
	if !transport.NotFound(err) || !strings.Contains(err.Error(), "messages of "+ids[0]) {
		t.Fatalf("err %v, want the session's not found", err)
	}
	if len(run.notes) != 0 {
		t.Fatalf("notes %q, want none", run.notes)
	}
}
