package opencode

import (
	"context"
	"net/http/httptest"
	"testing"
	"time"
)

func TestWatchSessionsReportsStatusAndInfo(t *testing.T) {
	f, ids := newMultiFake(t, "g-concurrent", "A1", "A2", "B1")
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
