package discover

import (
	"net"
	"strconv"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// fakeResponder answers every query it reads with the datagrams answer
// builds, sent back to the querier from its own loopback address, as an
// mDNS responder would over the group.
type fakeResponder struct {
	conn    *net.UDPConn
	queries chan dnsmessage.Message
}

func newFakeResponder(t *testing.T, answer func(q dnsmessage.Message) [][]byte) *fakeResponder {
	t.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	r := &fakeResponder{conn: conn, queries: make(chan dnsmessage.Message, 16)}
	t.Cleanup(func() { conn.Close() })
	go func() {
		buf := make([]byte, maxPacket)
		for {
			n, from, err := conn.ReadFromUDP(buf)
			if err != nil {
				return
			}
			var q dnsmessage.Message
			if q.Unpack(buf[:n]) != nil {
				continue
			}
			select {
			case r.queries <- q:
			default:
			}
			for _, p := range answer(q) {
				_, _ = conn.WriteToUDP(p, from)
			}
		}
	}()
	return r
}

// fakeTransport is a Transport whose "group" is the fake responder.
type fakeTransport struct {
	*net.UDPConn
	to *net.UDPAddr
}

func (f fakeTransport) Send(q []byte) error {
	_, err := f.WriteToUDP(q, f.to)
	return err
}

func (r *fakeResponder) transport(t *testing.T) Transport {
	t.Helper()
	conn, err := net.ListenUDP("udp4", &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1)})
	if err != nil {
		t.Fatal(err)
	}
	return fakeTransport{UDPConn: conn, to: r.conn.LocalAddr().(*net.UDPAddr)}
}

// records builds a response datagram.
func records(t *testing.T, rs ...dnsmessage.Resource) []byte {
	t.Helper()
	m := dnsmessage.Message{Header: dnsmessage.Header{Response: true, Authoritative: true}, Answers: rs}
	p, err := m.Pack()
	if err != nil {
		t.Fatal(err)
	}
	return p
}

func rr(name string, body dnsmessage.ResourceBody) dnsmessage.Resource {
	return dnsmessage.Resource{
		Header: dnsmessage.ResourceHeader{Name: dnsmessage.MustNewName(name), Class: dnsmessage.ClassINET, TTL: 120},
		Body:   body,
	}
}

func ptr(service, instance string) dnsmessage.Resource {
	return rr(service, &dnsmessage.PTRResource{PTR: dnsmessage.MustNewName(instance)})
}

func srv(instance, target string, port uint16) dnsmessage.Resource {
	return rr(instance, &dnsmessage.SRVResource{Target: dnsmessage.MustNewName(target), Port: port})
}

func txt(instance string, s ...string) dnsmessage.Resource {
	return rr(instance, &dnsmessage.TXTResource{TXT: s})
}

func aRecord(host string, ip [4]byte) dnsmessage.Resource {
	return rr(host, &dnsmessage.AResource{A: ip})
}

// openCodeAnswer is what OpenCode 1.18.33 sends: PTR, SRV and TXT in one
// datagram, no address record for the target.
func openCodeAnswer(t *testing.T, port uint16, domain string) []byte {
	inst := "opencode-" + strconv.Itoa(int(port)) + "._http._tcp.local."
	return records(t, ptr(HTTPService, inst), srv(inst, domain+".", port), txt(inst, "path=/"))
}

// waitShort keeps the tests quick; a browse always listens this long.
const waitShort = 300 * time.Millisecond
