package faultproxy

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"net"
	"net/http"
	"time"
)

const maxHeadBytes = 64 << 10

// answerStatus waits for the request head, so the client never sees an
// answer before its request (Go's client drops such "unsolicited" replies),
// then answers with the canned status and closes.
func (p *Proxy) answerStatus(c *net.TCPConn, f StatusFault) {
	p.stats.statuses.Add(1)
	_ = c.SetReadDeadline(time.Now().Add(headTimeout))
	br := bufio.NewReader(c)
	if err := readHead(br); err != nil {
		return
	}
	code := f.code()
	body := fmt.Sprintf("faultproxy: injected %d\n", code)
	head := fmt.Sprintf("HTTP/1.1 %d %s\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: %d\r\nConnection: close\r\n",
		code, http.StatusText(code), len(body))
	if f.RetryAfter > 0 {
		head += fmt.Sprintf("Retry-After: %d\r\n", f.RetryAfter)
	}
	if _, err := io.WriteString(c, head+"\r\n"+body); err != nil {
		return
	}
	_ = c.CloseWrite()
	// Read away any request body so the close below stays a clean FIN.
	_ = c.SetReadDeadline(time.Now().Add(drainTimeout))
	_, _ = io.Copy(io.Discard, br)
}

// readHead consumes an HTTP request line and headers up to the blank line.
func readHead(br *bufio.Reader) error {
	total, continued := 0, false
	for {
		line, err := br.ReadSlice('\n')
		total += len(line)
		if total > maxHeadBytes {
			return errors.New("request head too large")
		}
		if errors.Is(err, bufio.ErrBufferFull) {
			continued = true // the rest of a long line follows
			continue
		}
		if err != nil {
			return err
		}
		// A bare "\r\n" or "\n" after the request line ends the head.
		if !continued && len(line) <= 2 && total > len(line) {
			return nil
		}
		continued = false
	}
}

// holdOpen keeps a connection open without answering until the client hangs
// up, the proxy closes, or the half-open fault is switched off.
func (p *Proxy) holdOpen(c *net.TCPConn) {
	p.stats.halfOpens.Add(1)
	start, interrupts := time.Now(), p.stats.interrupts.Load()
	gone := make(chan struct{})
	go func() {
		defer close(gone)
		_, _ = io.Copy(io.Discard, c) // keep the client's writes from blocking
	}()
	switch p.waitRelease(gone) {
	case releaseSwitchedOff:
		// FIN first and keep draining until the client hangs up: closing with
		// unread input would send RST instead of a clean close.
		_ = c.CloseWrite()
		_ = c.SetReadDeadline(time.Now().Add(drainTimeout))
	case releaseProxyClosed:
		_ = c.Close()
	case releaseClientGone:
		if p.stats.interrupts.Load() == interrupts { // not ended by Interrupt
			p.stats.noteHalfOpenHeld(time.Since(start))
		}
	}
	<-gone
}

type release int

const (
	releaseClientGone release = iota
	releaseSwitchedOff
	releaseProxyClosed
)

// waitRelease blocks until the client hangs up, the half-open fault is
// switched off, or the proxy closes.
func (p *Proxy) waitRelease(gone <-chan struct{}) release {
	for {
		changed := p.configChanged() // taken before the check so no switch is missed
		if !p.cfg.Load().enabled(kindHalfOpen) {
			return releaseSwitchedOff
		}
		select {
		case <-gone:
			return releaseClientGone
		case <-p.done:
			return releaseProxyClosed
		case <-changed:
		}
	}
}
