package app

import (
	"errors"
	"strings"
	"testing"

	"github.com/dstail/dstail/feed"
)

func TestReconnectedNoticeNamesNoEmptyOffset(t *testing.T) {
	for _, tc := range []struct{ offset, want string }{
		{"", "dstail: reconnected, live\n"},
		{"42_7", "dstail: reconnected, live at offset 42_7\n"},
	} {
		var b strings.Builder
		n := &notices{w: &b}
		n.state(feed.State{Phase: feed.PhaseRetrying, Attempt: 1, Err: errors.New("connection refused")})
		b.Reset()
		n.state(feed.State{Phase: feed.PhaseLive, Offset: tc.offset})
		if b.String() != tc.want {
			t.Errorf("offset %q: notice %q, want %q", tc.offset, b.String(), tc.want)
		}
	}
}
