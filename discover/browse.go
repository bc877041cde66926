// Package discover finds servers announced over multicast DNS (DNS-SD,
// RFC 6762/6763) without scanning ports: it asks once for the instances of
// a service type and collects what answers within a bounded time.
package discover

import (
	"context"
	"errors"
	"net"
	"os"
	"slices"
	"strings"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// Budgets: an answer is one UDP datagram, and a network could be flooded
// with announcements, so both what is read and what is kept are bounded.
const (
	maxPacket    = 9000 // mDNS allows jumbo datagrams up to this size
	maxInstances = 256  // instances kept per browse; the rest are dropped
)

// Service is one DNS-SD instance seen during a browse.
type Service struct {
	Instance string   // the instance label, e.g. "opencode-4096"
	Target   string   // the SRV target host, e.g. "opencode.local" (no trailing dot)
	Port     int      // the SRV port
	Addr     net.IP   // an address of the target: its A/AAAA record, else the responder's source address
	TXT      []string // the TXT strings, e.g. "path=/"
}

// Transport sends a query to the multicast group and reads the datagrams
// that come back, with their source. Multicast implements it over the
// network; tests use a fake responder.
type Transport interface {
	Send(query []byte) error
	ReadFrom(buf []byte) (n int, src net.Addr, err error)
	SetReadDeadline(t time.Time) error
	Close() error
}

// Browse is Watch without a callback.
func Browse(ctx context.Context, t Transport, service string, wait time.Duration) ([]Service, error) {
	return Watch(ctx, t, service, wait, nil)
}

// Watch asks for the instances of service (e.g. "_http._tcp.local.") and
// collects answers until wait has passed or ctx is done; it never returns
// later than that. It returns the instances that gave a port (sorted by
// instance name). The query is sent twice, at the start and after a third
// of wait, since a multicast datagram can be lost. found, if not nil, is
// called (on Watch's goroutine) for each instance as soon as it has a port
// and an address, so its caller can start using it before the browse
// ends. Watch closes t.
func Watch(ctx context.Context, t Transport, service string, wait time.Duration, found func(Service)) ([]Service, error) {
	defer t.Close()
	query, err := ptrQuery(service)
	if err != nil {
		return nil, err
	}
	deadline := time.Now().Add(wait)
	if d, ok := ctx.Deadline(); ok && d.Before(deadline) {
		deadline = d
	}
	stop := context.AfterFunc(ctx, func() { _ = t.SetReadDeadline(time.Now()) })
	defer stop()
	if err := t.SetReadDeadline(deadline); err != nil {
		return nil, err
	}
	if err := t.Send(query); err != nil {
		return nil, err
	}
	resend := time.AfterFunc(wait/3, func() { _ = t.Send(query) })
	defer resend.Stop()
	c := newCollector(service)
	buf := make([]byte, maxPacket)
	for ctx.Err() == nil {
		n, src, err := t.ReadFrom(buf)
		if errors.Is(err, os.ErrDeadlineExceeded) {
			break
		}
		if err != nil {
			return c.services(), err
		}
		c.add(buf[:n], src)
		if found != nil {
			for _, s := range c.fresh() {
				found(s)
			}
		}
	}
	return c.services(), nil
}

// ptrQuery is a one-question mDNS query for the PTR records of service.
func ptrQuery(service string) ([]byte, error) {
	name, err := dnsmessage.NewName(fqdn(service))
	if err != nil {
		return nil, err
	}
	b := dnsmessage.NewBuilder(make([]byte, 0, 64), dnsmessage.Header{})
	if err := b.StartQuestions(); err != nil {
		return nil, err
	}
	if err := b.Question(dnsmessage.Question{Name: name, Type: dnsmessage.TypePTR, Class: dnsmessage.ClassINET}); err != nil {
		return nil, err
	}
	return b.Finish()
}

func fqdn(name string) string {
	if strings.HasSuffix(name, ".") {
		return name
	}
	return name + "."
}

// collector gathers records from any number of answers: an instance's PTR,
// SRV and TXT may come in one datagram or several, and the target's
// address may come from another responder's datagram or not at all.
type collector struct {
	service   string // lower case, with the trailing dot
	instances map[string]*Service
	sources   map[string]net.IP   // instance name -> source of its SRV
	addrs     map[string][]net.IP // host name -> A/AAAA
	order     []string
	reported  map[string]bool // instance names fresh returned
}

func newCollector(service string) *collector {
	return &collector{
		service: strings.ToLower(fqdn(service)), instances: map[string]*Service{},
		sources: map[string]net.IP{}, addrs: map[string][]net.IP{}, reported: map[string]bool{},
	}
}

// add reads one datagram; a malformed one, or a query, is ignored.
func (c *collector) add(packet []byte, src net.Addr) {
	var m dnsmessage.Message
	if err := m.Unpack(packet); err != nil || !m.Header.Response {
		return
	}
	records := slices.Concat(m.Answers, m.Authorities, m.Additionals)
	for _, r := range records {
		name := strings.ToLower(r.Header.Name.String())
		switch body := r.Body.(type) {
		case *dnsmessage.PTRResource:
			if name == c.service {
				c.instance(strings.ToLower(body.PTR.String()))
			}
		case *dnsmessage.SRVResource:
			if s := c.instance(name); s != nil {
				s.Target = strings.TrimSuffix(strings.ToLower(body.Target.String()), ".")
				s.Port = int(body.Port)
				c.sources[name] = sourceIP(src)
			}
		case *dnsmessage.TXTResource:
			if s := c.instance(name); s != nil {
				s.TXT = slices.Clone(body.TXT)
			}
		case *dnsmessage.AResource:
			c.addAddr(name, net.IP(body.A[:]))
		case *dnsmessage.AAAAResource:
			c.addAddr(name, net.IP(body.AAAA[:]))
		}
	}
}

// instance returns the record of an instance name of our service, making
// it if there is room; nil for other names.
func (c *collector) instance(name string) *Service {
	label, ok := strings.CutSuffix(name, "."+c.service)
	if !ok || label == "" {
		return nil
	}
	if s := c.instances[name]; s != nil {
		return s
	}
	if len(c.instances) >= maxInstances {
		return nil
	}
	s := &Service{Instance: label}
	c.instances[name] = s
	c.order = append(c.order, name)
	return s
}

func (c *collector) addAddr(host string, ip net.IP) {
	host = strings.TrimSuffix(host, ".")
	if len(c.addrs[host]) < 8 && !slices.ContainsFunc(c.addrs[host], ip.Equal) {
		c.addrs[host] = append(c.addrs[host], slices.Clone(ip))
	}
}

// services are the instances that gave a port, each with an address.
func (c *collector) services() []Service {
	var out []Service
	for _, name := range c.order {
		if s, ok := c.complete(name); ok {
			out = append(out, s)
		}
	}
	slices.SortFunc(out, func(a, b Service) int { return strings.Compare(a.Instance, b.Instance) })
	return out
}

// fresh are the instances complete since the last call.
func (c *collector) fresh() []Service {
	var out []Service
	for _, name := range c.order {
		if s, ok := c.complete(name); ok && !c.reported[name] {
			c.reported[name] = true
			out = append(out, s)
		}
	}
	return out
}

// complete is the instance with its address, if it has a port and one.
func (c *collector) complete(name string) (Service, bool) {
	s := *c.instances[name]
	if s.Port == 0 {
		return s, false
	}
	s.Addr = c.sources[name]
	if addrs := c.addrs[s.Target]; len(addrs) > 0 {
		s.Addr = pickAddr(addrs)
	}
	return s, s.Addr != nil
}

// pickAddr prefers an IPv4 address: it needs no zone to be dialled.
func pickAddr(addrs []net.IP) net.IP {
	for _, ip := range addrs {
		if ip.To4() != nil {
			return ip
		}
	}
	return addrs[0]
}

func sourceIP(a net.Addr) net.IP {
	if u, ok := a.(*net.UDPAddr); ok {
		return u.IP
	}
	return nil
}
