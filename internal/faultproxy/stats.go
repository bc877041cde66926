package faultproxy

import (
	"sync/atomic"
	"time"
)

// Stats counts what the proxy did since it started.
type Stats struct {
	Connections   int64 // accepted client connections
	Statuses      int64 // connections answered with the canned status
	HalfOpens     int64 // connections held without an answer
	HalfOpenQuits int64 // of those, the ones the client hung up on by itself
	Resets        int64 // connections ended with RST
	Cuts          int64 // connections ended early with a clean close
	FrameCuts     int64 // connections closed inside an SSE data line
	RuneCuts      int64 // connections closed inside a UTF-8 sequence
	Drips         int64 // connections whose delivery was slowed
	DialErrors    int64 // connections dropped because the target refused
	Interrupts    int64 // calls to Interrupt
	BytesToClient int64 // server-to-client bytes forwarded
	BytesToServer int64 // client-to-server bytes forwarded
	// HalfOpenLongest is the longest a client waited on a half-open
	// connection before it hung up by itself: how fast its watchdog is.
	HalfOpenLongest time.Duration
}

type counters struct {
	connections, statuses, halfOpens, resets, cuts, drips, dialErrors atomic.Int64
	frameCuts, runeCuts, halfOpenQuits, interrupts                    atomic.Int64
	bytesToClient, bytesToServer                                      atomic.Int64
	halfOpenLongest                                                   atomic.Int64 // nanoseconds
}

// noteHalfOpenHeld records how long a client waited on a half-open
// connection before hanging up.
func (c *counters) noteHalfOpenHeld(d time.Duration) {
	c.halfOpenQuits.Add(1)
	for {
		old := c.halfOpenLongest.Load()
		if int64(d) <= old || c.halfOpenLongest.CompareAndSwap(old, int64(d)) {
			return
		}
	}
}

// Stats returns a snapshot of the counters.
func (p *Proxy) Stats() Stats {
	c := &p.stats
	return Stats{
		Connections:   c.connections.Load(),
		Statuses:      c.statuses.Load(),
		HalfOpens:     c.halfOpens.Load(),
		HalfOpenQuits: c.halfOpenQuits.Load(),
		Resets:        c.resets.Load(),
		Cuts:          c.cuts.Load(),
		FrameCuts:     c.frameCuts.Load(),
		RuneCuts:      c.runeCuts.Load(),
		Drips:         c.drips.Load(),
		DialErrors:    c.dialErrors.Load(),
		Interrupts:    c.interrupts.Load(),
		BytesToClient: c.bytesToClient.Load(),
		BytesToServer: c.bytesToServer.Load(),

		HalfOpenLongest: time.Duration(c.halfOpenLongest.Load()),
	}
}
