package tui

import (
	"time"

	"github.com/dstail/dstail/feed"
)

// gapClock remembers when the connection was lost and when the gap it left
// was filled, so the connection line can say so long after the fact.
type gapClock struct {
	offlineSince time.Time // first failed attempt of the current outage
	filledAt     time.Time // when the last outage ended with a completed catch-up
}

// observe updates the clock with a new transport state seen at now.
func (g *gapClock) observe(st feed.State, now time.Time) {
	switch st.Phase {
	case feed.PhaseRetrying:
		if g.offlineSince.IsZero() {
			g.offlineSince = now
		}
	case feed.PhaseLive:
		if !g.offlineSince.IsZero() {
			g.filledAt, g.offlineSince = now, time.Time{}
		}
	}
}

// note is what the connection line adds for the phase: when the outage
// began while retrying, when the gap was filled once live again.
func (g *gapClock) note(phase feed.Phase) string {
	switch {
	case phase == feed.PhaseRetrying && !g.offlineSince.IsZero():
		return "offline since " + g.offlineSince.Format(time.TimeOnly)
	case phase == feed.PhaseLive && !g.filledAt.IsZero():
		return "gap filled at " + g.filledAt.Format(time.TimeOnly)
	}
	return ""
}
