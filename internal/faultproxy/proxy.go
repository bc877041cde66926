// Package faultproxy is a TCP proxy for loopback tests that injects network
// faults between an HTTP client and a server: connection resets, clean cuts
// (anywhere, inside an SSE frame, or inside a UTF-8 sequence), canned error
// statuses, half-open connections and slow delivery.
//
// Faults are decided per TCP connection when it is accepted, from a seeded
// random sequence, so the n-th connection gets the same treatment on every
// run. With HTTP keep-alive one connection can carry several requests: a
// status fault answers only its first request and closes it, and byte counts
// for Reset and Cut run across every response on the connection.
package faultproxy

import (
	"errors"
	"fmt"
	"math/rand/v2"
	"net"
	"net/url"
	"strings"
	"sync"
	"sync/atomic"
	"time"
)

const (
	dialTimeout  = 5 * time.Second
	drainTimeout = 2 * time.Second // how long a closing connection waits for the client's FIN
	headTimeout  = 5 * time.Second // how long a status fault waits for the request head
)

// Proxy forwards connections from its own loopback address to a target.
type Proxy struct {
	target   atomic.Pointer[string] // host:port
	listener net.Listener
	done     chan struct{} // closed by Close
	wg       sync.WaitGroup

	cfg     atomic.Pointer[Config]
	mu      sync.Mutex // guards rng, changed, conns and closed
	rng     *rand.Rand
	changed chan struct{} // closed and replaced by SetConfig
	conns   map[net.Conn]struct{}
	closed  bool

	stats counters
}

// New starts a proxy on 127.0.0.1 with a free port in front of target, given
// as host:port or as an http:// URL (only its host:port is used).
func New(target string, cfg Config) (*Proxy, error) {
	addr, err := targetAddr(target)
	if err != nil {
		return nil, err
	}
	if err := cfg.validate(); err != nil {
		return nil, err
	}
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return nil, fmt.Errorf("faultproxy: listen: %w", err)
	}
	p := &Proxy{
		listener: l,
		done:     make(chan struct{}),
		rng:      rand.New(rand.NewPCG(cfg.Seed, cfg.Seed^0x9e3779b97f4a7c15)),
		changed:  make(chan struct{}),
		conns:    map[net.Conn]struct{}{},
	}
	p.cfg.Store(&cfg)
	p.target.Store(&addr)
	p.wg.Add(1)
	go p.acceptLoop()
	return p, nil
}

func targetAddr(target string) (string, error) {
	if !strings.Contains(target, "://") {
		if _, _, err := net.SplitHostPort(target); err != nil {
			return "", fmt.Errorf("faultproxy: target %q: %w", target, err)
		}
		return target, nil
	}
	u, err := url.Parse(target)
	if err != nil {
		return "", fmt.Errorf("faultproxy: target %q: %w", target, err)
	}
	if u.Scheme != "http" || u.Port() == "" {
		return "", fmt.Errorf("faultproxy: target %q must be http://host:port", target)
	}
	return u.Host, nil
}

// Addr is the proxy's listening address (127.0.0.1:port).
func (p *Proxy) Addr() string { return p.listener.Addr().String() }

// URL is http:// plus Addr, a base URL to give the client under test.
func (p *Proxy) URL() string { return "http://" + p.Addr() }

// SetTarget points connections accepted from now on at another target (a
// server restarted on a new port, say), given as for New. Open connections
// keep their target.
func (p *Proxy) SetTarget(target string) error {
	addr, err := targetAddr(target)
	if err != nil {
		return err
	}
	p.target.Store(&addr)
	return nil
}

func (p *Proxy) targetAddr() string { return *p.target.Load() }

// Config returns the faults in force.
func (p *Proxy) Config() Config { return *p.cfg.Load() }

// SetConfig switches faults at run time. Connections accepted afterwards
// follow the new config. On open connections a fault that is now off no
// longer fires: a pending reset or cut is dropped, dripping stops, and a
// held half-open connection is closed.
func (p *Proxy) SetConfig(cfg Config) error {
	if err := cfg.validate(); err != nil {
		return err
	}
	p.cfg.Store(&cfg)
	p.mu.Lock()
	close(p.changed)
	p.changed = make(chan struct{})
	p.mu.Unlock()
	return nil
}

// Disable turns every fault off, so the stream under test can finish.
func (p *Proxy) Disable() {
	_ = p.SetConfig(Config{}) // the zero Config is always valid
}

// Interrupt resets every open connection at once, as a dropped link would,
// so the client must reconnect and meet the faults in force. The proxy
// keeps accepting.
func (p *Proxy) Interrupt() {
	p.stats.interrupts.Add(1) // first, so held connections see it when they end
	p.mu.Lock()
	defer p.mu.Unlock()
	for c := range p.conns {
		if tc, ok := c.(*net.TCPConn); ok {
			_ = tc.SetLinger(0)
		}
		_ = c.Close()
	}
}

// Close stops accepting, drops every open connection and waits for the
// proxy's goroutines to finish.
func (p *Proxy) Close() error {
	p.mu.Lock()
	if p.closed {
		p.mu.Unlock()
		return nil
	}
	p.closed = true
	close(p.done)
	err := p.listener.Close()
	for c := range p.conns {
		_ = c.Close()
	}
	p.mu.Unlock()
	p.wg.Wait()
	return err
}

func (p *Proxy) acceptLoop() {
	defer p.wg.Done()
	for {
		c, err := p.listener.Accept()
		if errors.Is(err, net.ErrClosed) {
			return
		}
		if err != nil {
			// Out of descriptors or similar: back off instead of spinning.
			select {
			case <-p.done:
				return
			case <-time.After(10 * time.Millisecond):
			}
			continue
		}
		p.stats.connections.Add(1)
		if !p.track(c) {
			_ = c.Close()
			return
		}
		p.mu.Lock()
		pl := decide(p.rng, *p.cfg.Load())
		p.mu.Unlock()
		p.wg.Add(1)
		go func() {
			defer p.wg.Done()
			defer p.untrack(c)
			p.serve(c.(*net.TCPConn), pl)
		}()
	}
}

func (p *Proxy) serve(c *net.TCPConn, pl plan) {
	switch pl.kind {
	case kindStatus:
		p.answerStatus(c, pl.status)
	case kindHalfOpen:
		p.holdOpen(c)
	default:
		p.pipe(c, pl)
	}
}

// track registers a connection for Close; false once the proxy is closed.
func (p *Proxy) track(c net.Conn) bool {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.closed {
		return false
	}
	p.conns[c] = struct{}{}
	return true
}

func (p *Proxy) untrack(c net.Conn) {
	p.mu.Lock()
	delete(p.conns, c)
	p.mu.Unlock()
	_ = c.Close()
}

// configChanged returns a channel closed by the next SetConfig.
func (p *Proxy) configChanged() <-chan struct{} {
	p.mu.Lock()
	defer p.mu.Unlock()
	return p.changed
}

// sleep waits d, returning false if the proxy closed meanwhile.
func (p *Proxy) sleep(d time.Duration) bool {
	t := time.NewTimer(d)
	defer t.Stop()
	select {
	case <-t.C:
		return true
	case <-p.done:
		return false
	}
}
