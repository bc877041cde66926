package faultproxy_test

import (
	"bytes"
	"io"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/faultproxy"
)

func TestDisableLetsNewConnectionsThrough(t *testing.T) {
	tg := newTarget(t)
	p := newProxy(t, tg.URL, faultproxy.Config{Reset: faultproxy.ByteFault{Rate: 1, Min: 10, Max: 10}})
	client := newClient(t, false, 10*time.Second)

	get := func() error {
		r, err := client.Get(p.URL() + "/bytes?n=5000")
		if err != nil {
			return err
		}
		defer r.Body.Close()
		_, err = io.ReadAll(r.Body)
		return err
	}
	if err := get(); err == nil {
		t.Fatal("GET succeeded while every connection is reset")
	}
	p.Disable()
	if err := get(); err != nil {
		t.Fatalf("GET after Disable: %v", err)
	}
	if got := p.Config(); got != (faultproxy.Config{}) {
		t.Errorf("Config after Disable = %+v, want the zero config", got)
	}
}

// gatedServer sends a first part of its response, then waits for release
// before sending the rest, so a test can change faults mid-response.
func gatedServer(t *testing.T, first, rest []byte) (*httptest.Server, chan<- struct{}) {
	t.Helper()
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		w.Header().Set("Content-Length", strconv.Itoa(len(first)+len(rest)))
		_, _ = w.Write(first)
		w.(http.Flusher).Flush()
		select {
		case <-release:
			_, _ = w.Write(rest)
		case <-r.Context().Done():
		}
	}))
	t.Cleanup(srv.Close)
	return srv, release
}

func TestSwitchingOffReachesOpenConnections(t *testing.T) {
	first := []byte(strings.Repeat("a", 200) + "|")
	rest := bytes.Repeat([]byte("b"), 3000)
	tests := []struct {
		name    string
		cfg     faultproxy.Config
		disable bool
		wantAll bool
	}{
		{"pending cut fires", faultproxy.Config{Cut: faultproxy.ByteFault{Rate: 1, Min: 1000, Max: 1000}}, false, false},
		{"pending cut dropped", faultproxy.Config{Cut: faultproxy.ByteFault{Rate: 1, Min: 1000, Max: 1000}}, true, true},
		{"pending reset dropped", faultproxy.Config{Reset: faultproxy.ByteFault{Rate: 1, Min: 1000, Max: 1000}}, true, true},
		// At 50 ms a byte the rest would need minutes; only the switch gets it in time.
		{"drip stops", faultproxy.Config{Drip: faultproxy.DripFault{Rate: 1, Interval: 50 * time.Millisecond}}, true, true},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			srv, release := gatedServer(t, first, rest)
			p := newProxy(t, srv.URL, tc.cfg)
			c, err := net.Dial("tcp", p.Addr())
			if err != nil {
				t.Fatal(err)
			}
			defer c.Close()
			_ = c.SetDeadline(time.Now().Add(20 * time.Second))
			if _, err := io.WriteString(c, "GET / HTTP/1.1\r\nHost: test\r\nConnection: close\r\n\r\n"); err != nil {
				t.Fatal(err)
			}
			readUntil(t, c, 1) // the connection is open and its faults are pending
			if tc.disable {
				p.Disable()
			}
			close(release)

			got, err := io.ReadAll(io.LimitReader(c, 1<<20))
			full := bytes.HasSuffix(got, rest) && bytes.Contains(got, first)
			if tc.wantAll && (err != nil || !full) {
				t.Fatalf("after switching off: %d bytes, err %v; want the whole response", len(got), err)
			}
			if !tc.wantAll && (err != nil || len(got)+1 != 1000) {
				t.Fatalf("with the cut still on: %d bytes, err %v; want the 1000 let through", len(got)+1, err)
			}
		})
	}
}

// readUntil reads exactly n bytes from c.
func readUntil(t *testing.T, c net.Conn, n int) {
	t.Helper()
	if _, err := io.ReadFull(c, make([]byte, n)); err != nil {
		t.Fatalf("read first bytes: %v", err)
	}
}

func TestDisableReleasesHalfOpenConnections(t *testing.T) {
	tg := newTarget(t)
	p := newProxy(t, tg.URL, faultproxy.Config{HalfOpen: faultproxy.HalfOpenFault{Rate: 1}})
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	if _, err := io.WriteString(c, "GET /bytes?n=1 HTTP/1.1\r\nHost: test\r\n\r\n"); err != nil {
		t.Fatal(err)
	}
	// Wait until the proxy has taken the connection on, then switch.
	for p.Stats().HalfOpens == 0 {
		time.Sleep(time.Millisecond)
	}
	p.Disable()

	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	got, err := io.ReadAll(c)
	if err != nil || len(got) != 0 {
		t.Errorf("held connection after Disable: %q, %v; want a clean close with no answer", got, err)
	}
}

func TestCloseDropsHeldConnections(t *testing.T) {
	tg := newTarget(t)
	p, err := faultproxy.New(tg.URL, faultproxy.Config{HalfOpen: faultproxy.HalfOpenFault{Rate: 1}})
	if err != nil {
		t.Fatal(err)
	}
	c, err := net.Dial("tcp", p.Addr())
	if err != nil {
		t.Fatal(err)
	}
	defer c.Close()
	for p.Stats().HalfOpens == 0 {
		time.Sleep(time.Millisecond)
	}
	if err := p.Close(); err != nil {
		t.Fatalf("Close: %v", err)
	}
	_ = c.SetReadDeadline(time.Now().Add(10 * time.Second))
	if _, err := c.Read(make([]byte, 1)); err == nil {
		t.Error("held connection still open after Close")
	}
	if _, err := net.DialTimeout("tcp", p.Addr(), time.Second); err == nil {
		t.Error("proxy still accepts after Close")
	}
	if err := p.Close(); err != nil {
		t.Errorf("second Close: %v", err)
	}
}

func TestSetConfigRejectsInvalid(t *testing.T) {
	tg := newTarget(t)
	p := newProxy(t, tg.URL, faultproxy.Config{Seed: 5})
	bad := faultproxy.Config{Status: faultproxy.StatusFault{Rate: 0.7}, Reset: faultproxy.ByteFault{Rate: 0.7}}
	if err := p.SetConfig(bad); err == nil {
		t.Fatal("SetConfig accepted rates adding up to 1.4")
	}
	if got := p.Config(); got != (faultproxy.Config{Seed: 5}) {
		t.Errorf("config changed by a rejected SetConfig: %+v", got)
	}
	if _, err := faultproxy.New(tg.URL, bad); err == nil {
		t.Error("New accepted an invalid config")
	}
}
