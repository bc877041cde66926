package discover

import (
	"context"
	"errors"
	"net"
	"time"

	"golang.org/x/net/ipv4"
)

// Group is the IPv4 mDNS group and port.
var Group = &net.UDPAddr{IP: net.IPv4(224, 0, 0, 251), Port: 5353}

// ErrNoMulticast means no interface could join the mDNS group: the
// network has no multicast (or no route for it), which a browse treats as
// finding nothing.
var ErrNoMulticast = errors.New("discover: no interface can join the mDNS group")

// multicast is a Transport on the mDNS port, joined to the group on every
// interface that is up and can multicast. Answers to a query sent from
// port 5353 are multicast to the group (RFC 6762 §5.2), which is also how
// OpenCode answers any query, so only the group port hears them.
type multicast struct {
	conn   *net.UDPConn
	pc     *ipv4.PacketConn
	joined []*net.Interface
}

// Multicast opens the mDNS socket (shared with other responders on the
// machine through SO_REUSEADDR). It returns ErrNoMulticast when no
// interface can join the group.
func Multicast() (Transport, error) {
	conn, err := net.ListenMulticastUDP("udp4", nil, Group)
	if err != nil {
		return nil, errors.Join(ErrNoMulticast, err)
	}
	m := &multicast{conn: conn, pc: ipv4.NewPacketConn(conn)}
	_ = m.pc.SetMulticastLoopback(true) // a server on this machine answers over loopback
	_ = m.pc.SetMulticastTTL(255)       // RFC 6762 §11
	ifaces, _ := net.Interfaces()
	for i := range ifaces {
		ifi := &ifaces[i]
		if ifi.Flags&net.FlagUp == 0 || ifi.Flags&net.FlagMulticast == 0 {
			continue
		}
		// The listen above joined the default interface already; joining
		// it again fails harmlessly.
		_ = m.pc.JoinGroup(ifi, Group)
		m.joined = append(m.joined, ifi)
	}
	return m, nil
}

// Send writes the query on every multicast interface, and once by the
// route for the group; it fails only if no copy went out.
func (m *multicast) Send(query []byte) error {
	_, err := m.conn.WriteToUDP(query, Group)
	for _, ifi := range m.joined {
		if m.pc.SetMulticastInterface(ifi) != nil {
			continue
		}
		if _, e := m.conn.WriteToUDP(query, Group); e == nil {
			err = nil
		}
	}
	return err
}

func (m *multicast) ReadFrom(buf []byte) (int, net.Addr, error) { return m.conn.ReadFrom(buf) }
func (m *multicast) SetReadDeadline(t time.Time) error          { return m.conn.SetReadDeadline(t) }
func (m *multicast) Close() error                               { return m.conn.Close() }

// BrowseNetwork watches for service on the local network for wait (see
// Watch). A network without multicast finds nothing rather than failing,
// and so does a query that cannot be sent (no route for the group).
func BrowseNetwork(ctx context.Context, service string, wait time.Duration, found func(Service)) ([]Service, error) {
	t, err := Multicast()
	if errors.Is(err, ErrNoMulticast) {
		return nil, nil
	}
	if err != nil {
		return nil, err
	}
	list, err := Watch(ctx, t, service, wait, found)
	var netErr net.Error
	var opErr *net.OpError
	if errors.As(err, &opErr) || errors.As(err, &netErr) {
		return list, nil
	}
	return list, err
}
