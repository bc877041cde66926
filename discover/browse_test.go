package discover

import (
	"context"
	"net"
	"strconv"
	"testing"
	"time"

	"golang.org/x/net/dns/dnsmessage"
)

// An OpenCode answer has no address record: the address is the
// responder's source, and the instance name tells it from other services.
func TestBrowseTakesAddressFromResponder(t *testing.T) {
	r := newFakeResponder(t, func(dnsmessage.Message) [][]byte {
		ipp := "printer._ipp._tcp.local."
		return [][]byte{
			openCodeAnswer(t, 4096, "opencode.local"),
			openCodeAnswer(t, 35222, "second.local"),
			records(t, ptr("_ipp._tcp.local.", ipp), srv(ipp, "printer.local.", 631)),
		}
	})
	var heard []string
	got, err := Watch(context.Background(), r.transport(t), HTTPService, waitShort, func(s Service) { heard = append(heard, s.Instance) })
	if err != nil {
		t.Fatal(err)
	}
	if len(heard) != 2 {
		t.Errorf("each instance should be heard once as it comes, got %v", heard)
	}
	if len(got) != 2 {
		t.Fatalf("want the two _http._tcp instances, got %+v", got)
	}
	want := []struct{ instance, target, url string }{
		{"opencode-35222", "second.local", "http://127.0.0.1:35222"},
		{"opencode-4096", "opencode.local", "http://127.0.0.1:4096"},
	}
	for i, w := range want {
		if got[i].Instance != w.instance || got[i].Target != w.target || got[i].URL() != w.url || !IsOpenCode(got[i]) {
			t.Errorf("service %d = %+v (url %s), want %+v", i, got[i], got[i].URL(), w)
		}
	}
	q := <-r.queries
	if len(q.Questions) != 1 || q.Questions[0].Type != dnsmessage.TypePTR || q.Questions[0].Name.String() != HTTPService {
		t.Errorf("query = %+v, want one PTR question for %s", q.Questions, HTTPService)
	}
}

// Records may come in several datagrams, from several responders; an
// address record for the target wins over the source address; queries,
// garbage and SRV records of unknown instances are ignored.
func TestBrowseJoinsRecordsAcrossDatagrams(t *testing.T) {
	inst := "opencode-5000._http._tcp.local."
	other := "web._http._tcp.local."
	query, _ := ptrQuery(HTTPService)
	r := newFakeResponder(t, func(dnsmessage.Message) [][]byte {
		return [][]byte{
			query, // another browser's query on the group
			[]byte("\x00\x01garbage"),
			records(t, ptr(HTTPService, inst)),
			records(t, srv("stranger._http._tcp.local.", "x.local.", 1)), // no PTR: still an instance of the type
			records(t, srv(inst, "Box.Local.", 5000), aRecord("box.local.", [4]byte{10, 1, 2, 3})),
			records(t, txt(inst, "path=/api")),
			records(t, ptr(HTTPService, other)), // PTR without SRV: no port, not listed
		}
	})
	got, err := Browse(context.Background(), r.transport(t), HTTPService, waitShort)
	if err != nil {
		t.Fatal(err)
	}
	var oc *Service
	for i := range got {
		if got[i].Instance == "opencode-5000" {
			oc = &got[i]
		}
		if got[i].Instance == "web" {
			t.Errorf("an instance without SRV has no port and is not listed: %+v", got[i])
		}
	}
	if oc == nil {
		t.Fatalf("opencode-5000 not found in %+v", got)
	}
	if oc.Target != "box.local" || oc.URL() != "http://10.1.2.3:5000/api" {
		t.Errorf("got %+v (url %s), want target box.local at http://10.1.2.3:5000/api", *oc, oc.URL())
	}
}

// A network where nothing answers finds nothing, in the time given and no
// later; a cancelled context ends the browse at once.
func TestBrowseSilentNetwork(t *testing.T) {
	r := newFakeResponder(t, func(dnsmessage.Message) [][]byte { return nil })
	start := time.Now()
	got, err := Browse(context.Background(), r.transport(t), HTTPService, waitShort)
	if err != nil || len(got) != 0 {
		t.Fatalf("got %v, %v; want nothing and no error", got, err)
	}
	if took := time.Since(start); took < waitShort {
		t.Errorf("returned after %v, before the %v it should listen", took, waitShort)
	}
	if n := len(r.queries); n != 2 {
		t.Errorf("the query should be sent twice (loss), got %d", n)
	}

	ctx, cancel := context.WithCancel(context.Background())
	done := make(chan error, 1)
	go func() {
		_, err := Browse(ctx, r.transport(t), HTTPService, time.Hour)
		done <- err
	}()
	<-r.queries
	cancel()
	select {
	case err := <-done:
		if err != nil {
			t.Errorf("a cancelled browse returns what it found, no error: %v", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("a cancelled browse did not return")
	}
}

// A flood of announcements is capped.
func TestCollectorBoundsInstances(t *testing.T) {
	c := newCollector(HTTPService)
	src := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5353}
	for i := range maxInstances + 50 {
		inst := "opencode-" + strconv.Itoa(10000+i) + "._http._tcp.local."
		c.add(records(t, ptr(HTTPService, inst), srv(inst, "h.local.", uint16(10000+i))), src)
	}
	if got := len(c.services()); got != maxInstances {
		t.Errorf("kept %d instances, want the cap %d", got, maxInstances)
	}
}

func TestURLIgnoresUnsafePath(t *testing.T) {
	s := Service{Addr: net.IPv4(192, 0, 2, 1), Port: 80, TXT: []string{"path=/a b?x"}}
	if got := s.URL(); got != "http://192.0.2.1:80" {
		t.Errorf("URL = %q", got)
	}
	s.Addr = net.ParseIP("2001:db8::1")
	if got := s.URL(); got != "http://[2001:db8::1]:80" {
		t.Errorf("URL = %q", got)
	}
}

// Datagrams that are not answers are ignored: garbage, a truncated answer,
// and a query carrying the same records.
func TestCollectorIgnoresWhatIsNotAnAnswer(t *testing.T) {
	c := newCollector(HTTPService)
	src := &net.UDPAddr{IP: net.IPv4(127, 0, 0, 1), Port: 5353}
	answer := openCodeAnswer(t, 4096, "opencode.local")
	var query dnsmessage.Message
	if err := query.Unpack(answer); err != nil {
		t.Fatal(err)
	}
	query.Header.Response = false
	asQuery, err := query.Pack()
	if err != nil {
		t.Fatal(err)
	}
	for _, p := range [][]byte{nil, []byte("\x00\x01garbage"), answer[:len(answer)/2], asQuery} {
		c.add(p, src)
	}
	if got := c.services(); len(got) != 0 {
		t.Fatalf("nothing should be taken from these datagrams, got %+v", got)
	}
	c.add(answer, src)
	if got := c.services(); len(got) != 1 {
		t.Fatalf("the answer itself should count, got %+v", got)
	}
}
