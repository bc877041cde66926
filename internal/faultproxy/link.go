package faultproxy

import (
	"errors"
	"io"
	"net"
	"time"
)

// ending says how the server-to-client direction of a connection stopped.
type ending int

const (
	endBroken ending = iota // an error on either side, or the proxy closed
	endEOF                  // the target closed its side
	endReset                // a Reset fault fired
	endCut                  // a Cut fault fired
)

// pipe forwards a connection to the target, applying the plan's byte faults
// and drip to the server-to-client direction.
func (p *Proxy) pipe(c *net.TCPConn, pl plan) {
	target, err := net.DialTimeout("tcp", p.targetAddr(), dialTimeout)
	if err != nil {
		p.stats.dialErrors.Add(1)
		return
	}
	if !p.track(target) {
		_ = target.Close()
		return
	}
	defer p.untrack(target)

	upDone := make(chan struct{})
	go func() {
		defer close(upDone)
		p.clientToServer(c, target.(*net.TCPConn))
	}()

	how := p.serverToClient(c, target, pl)
	switch how {
	case endReset:
		p.stats.resets.Add(1)
		_ = c.SetLinger(0) // Close now sends RST instead of FIN
		_ = c.Close()
		_ = target.Close()
	case endCut, endEOF:
		if how == endCut {
			p.countCut(pl.kind)
		}
		_ = target.Close()
		_ = c.CloseWrite()
		// Let the client read the FIN and hang up before closing: closing with
		// unread input would turn the clean close into a reset.
		_ = c.SetReadDeadline(time.Now().Add(drainTimeout))
	default:
		_ = c.Close()
		_ = target.Close()
	}
	<-upDone
}

func (p *Proxy) countCut(k kind) {
	switch k {
	case kindFrameCut:
		p.stats.frameCuts.Add(1)
	case kindRuneCut:
		p.stats.runeCuts.Add(1)
	default:
		p.stats.cuts.Add(1)
	}
}

// clientToServer copies requests to the target. Once the target stops
// taking them it keeps reading and discarding, so that the client's
// connection never closes with unread input.
func (p *Proxy) clientToServer(c *net.TCPConn, target *net.TCPConn) {
	buf := make([]byte, 32<<10)
	forwarding := true
	for {
		n, err := c.Read(buf)
		if n > 0 && forwarding {
			if _, werr := target.Write(buf[:n]); werr != nil {
				forwarding = false
			} else {
				p.stats.bytesToServer.Add(int64(n))
			}
		}
		if err != nil {
			if errors.Is(err, io.EOF) {
				_ = target.CloseWrite() // pass the client's half-close on
			}
			return
		}
	}
}

// serverToClient forwards responses until the target closes, something
// breaks, or a byte fault fires.
func (p *Proxy) serverToClient(c *net.TCPConn, target net.Conn, pl plan) ending {
	buf := make([]byte, 32<<10)
	sent := 0
	dripping := false
	cut := newCutFinder(pl)
	for {
		n, err := target.Read(buf)
		for b := buf[:n]; len(b) > 0; {
			cfg := p.cfg.Load()
			chunk := b
			if pl.kind >= kindReset && !cfg.enabled(pl.kind) {
				pl.kind = kindNone // switched off: never fires on this connection
			}
			if pl.kind >= kindReset && sent < pl.limit {
				chunk = chunk[:min(len(chunk), pl.limit-sent)]
			} else if pl.kind == kindReset {
				return endReset
			} else if pl.kind == kindCut {
				return endCut
			}
			if pl.drip && cfg.Drip.Rate == 0 {
				pl.drip = false
			}
			drip := false
			if pl.drip {
				chunk, drip = dripWindow(chunk, sent, pl.dripFrom, cfg.Drip.Bytes)
			}
			// A cut inside a frame or a rune looks only at bytes past the limit,
			// and only at the ones about to be sent.
			fire := false
			if (pl.kind == kindFrameCut || pl.kind == kindRuneCut) && sent >= pl.limit {
				var k int
				if k, fire = cut.scan(chunk); fire {
					chunk = chunk[:k]
				}
			}
			if drip {
				if !dripping {
					dripping = true
					p.stats.drips.Add(1)
				}
				if !p.sleep(cfg.Drip.Interval) {
					return endBroken
				}
			}
			if len(chunk) > 0 {
				if _, werr := c.Write(chunk); werr != nil {
					return endBroken
				}
			}
			sent += len(chunk)
			p.stats.bytesToClient.Add(int64(len(chunk)))
			b = b[len(chunk):]
			if fire {
				return endCut
			}
		}
		if errors.Is(err, io.EOF) {
			return endEOF
		}
		if err != nil {
			return endBroken
		}
	}
}

// dripWindow trims chunk so that the bytes from dripFrom on (for count
// bytes, or all when count is 0) go out one at a time; drip reports whether
// the returned chunk is such a single dripped byte.
func dripWindow(chunk []byte, sent, dripFrom, count int) ([]byte, bool) {
	switch {
	case sent < dripFrom:
		return chunk[:min(len(chunk), dripFrom-sent)], false
	case count > 0 && sent >= dripFrom+count:
		return chunk, false
	}
	return chunk[:1], true
}
