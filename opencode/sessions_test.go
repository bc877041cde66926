package opencode

import (
	"context"
	"net/http/httptest"
	"slices"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/ocfake"
)

func TestWatchSessionsReportsStatusAndInfo(t *testing.T) {
	f, ids := ocfake.NewMulti(t, "g-concurrent", "A1", "A2", "B1")
	srv := httptest.NewServer(f)
	defer srv.Close()
	ctx, cancel := context.WithTimeout(t.Context(), 10*time.Second)
	defer cancel()
	busy, idle, titled := map[string]bool{}, map[string]bool{}, map[string]string{}
	err := WatchSessions(ctx, ListOptions{Server: srv.URL}, func(c SessionChange) {
		id := c.Summary.ID
		switch {
		case c.StatusOnly && c.Summary.Status == "busy":
			busy[id] = true
		case c.StatusOnly && c.Summary.Status == "idle" && busy[id]:
			idle[id] = true
		case !c.StatusOnly:
			titled[id] = c.Summary.Title
		}
		if len(idle) == len(ids) && len(titled) == len(ids) {
			cancel()
		}
	})
	if err != context.Canceled {
		t.Fatalf("WatchSessions: %v (busy %v, idle after busy %v, info %v)", err, busy, idle, titled)
	}
	if titled[ids[2]] != "concurrent B1" {
		t.Fatalf("info of %s: title %q", ids[2], titled[ids[2]])
	}
}

func TestListSessionsNewestFirstWithStatus(t *testing.T) {
	f, ids := ocfake.NewMulti(t, "g-concurrent", "A1", "A2", "B1")
	f.Listed = ids
	f.Status = []byte(`{"` + ids[1] + `":{"type":"busy"}}`)
	srv := httptest.NewServer(f)
	defer srv.Close()
	list, err := ListSessions(t.Context(), ListOptions{Server: srv.URL, AllDirs: true, Limit: 2})
	if err != nil {
		t.Fatal(err)
	}
	if len(list) != 2 {
		t.Fatalf("%d sessions with --limit 2", len(list))
	}
	if list[0].Updated.Before(list[1].Updated) {
		t.Fatalf("not newest first: %v then %v", list[0].Updated, list[1].Updated)
	}
	busy := 0
	for _, s := range list {
		want := "idle"
		if s.ID == ids[1] {
			want, busy = "busy", busy+1
		}
		if s.Status != want || !slices.Contains(ids, s.ID) || s.Title == "" || s.Directory == "" {
			t.Errorf("unexpected row %+v", s)
		}
	}
	if busy != 1 {
		t.Fatalf("the busy session %s is not among the newest two: %+v", ids[1], list)
	}
}
