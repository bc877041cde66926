package faultproxy

import "sync/atomic"

// Stats counts what the proxy did since it started.
type Stats struct {
	Connections   int64 // accepted client connections
	Statuses      int64 // connections answered with the canned status
	HalfOpens     int64 // connections held without an answer
	Resets        int64 // connections ended with RST
	Cuts          int64 // connections ended early with a clean close
	Drips         int64 // connections whose delivery was slowed
	DialErrors    int64 // connections dropped because the target refused
	BytesToClient int64 // server-to-client bytes forwarded
	BytesToServer int64 // client-to-server bytes forwarded
}

type counters struct {
	connections, statuses, halfOpens, resets, cuts, drips, dialErrors atomic.Int64
	bytesToClient, bytesToServer                                      atomic.Int64
}

// Stats returns a snapshot of the counters.
func (p *Proxy) Stats() Stats {
	c := &p.stats
	return Stats{
		Connections:   c.connections.Load(),
		Statuses:      c.statuses.Load(),
		HalfOpens:     c.halfOpens.Load(),
		Resets:        c.resets.Load(),
		Cuts:          c.cuts.Load(),
		Drips:         c.drips.Load(),
		DialErrors:    c.dialErrors.Load(),
		BytesToClient: c.bytesToClient.Load(),
		BytesToServer: c.bytesToServer.Load(),
	}
}
