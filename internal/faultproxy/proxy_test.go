package faultproxy_test

import (
	"bytes"
	"errors"
	"io"
	"net/http"
	"strconv"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/faultproxy"
)

func TestPassThroughUnchanged(t *testing.T) {
	tg := newTarget(t)
	p := newProxy(t, tg.URL, faultproxy.Config{Seed: 1})
	client := newClient(t, true, 10*time.Second)

	big := payload(1 << 20)
	r, err := client.Get(p.URL() + "/bytes?n=" + strconv.Itoa(len(big)))
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	got, err := io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil || !bytes.Equal(got, big) {
		t.Fatalf("GET body: %d bytes, err %v; want the %d payload bytes", len(got), err, len(big))
	}

	upload := payload(300 << 10)
	r, err = client.Post(p.URL()+"/echo", "application/octet-stream", bytes.NewReader(upload))
	if err != nil {
		t.Fatalf("POST: %v", err)
	}
	got, err = io.ReadAll(r.Body)
	r.Body.Close()
	if err != nil || !bytes.Equal(got, upload) {
		t.Fatalf("echo: %d bytes, err %v; want the %d uploaded bytes", len(got), err, len(upload))
	}

	s := p.Stats()
	if s.Connections != 1 {
		t.Errorf("Connections = %d, want 1 (keep-alive reuse)", s.Connections)
	}
	if s.BytesToClient < int64(len(big)+len(upload)) || s.BytesToServer < int64(len(upload)) {
		t.Errorf("byte counters too small: %+v", s)
	}
	if s.Resets+s.Cuts+s.Statuses+s.HalfOpens+s.Drips+s.DialErrors != 0 {
		t.Errorf("faults counted with faults off: %+v", s)
	}
}

func TestResetAfterBytes(t *testing.T) {
	tests := []struct {
		name     string
		min, max int
	}{
		{"as the response starts", 0, 0},
		{"mid body", 500, 600},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg := newTarget(t)
			p := newProxy(t, tg.URL, faultproxy.Config{Seed: 2, Reset: faultproxy.ByteFault{Rate: 1, Min: tc.min, Max: tc.max}})

			got, err := rawGet(t, p.Addr(), "/bytes?n=10000")
			if !errors.Is(err, syscall.ECONNRESET) {
				t.Fatalf("raw read ended with %v after %d bytes, want connection reset", err, len(got))
			}
			if len(got) > tc.max {
				t.Errorf("client got %d bytes, more than the limit %d", len(got), tc.max)
			}
			s := p.Stats()
			if s.Resets != 1 || s.BytesToClient < int64(tc.min) || s.BytesToClient > int64(tc.max) {
				t.Errorf("stats %+v, want 1 reset after %d..%d bytes", s, tc.min, tc.max)
			}

			// An HTTP client sees the reset as an error, never as a short success.
			r, err := newClient(t, false, 10*time.Second).Get(p.URL() + "/bytes?n=10000")
			if err == nil {
				_, err = io.ReadAll(r.Body)
				r.Body.Close()
			}
			if !errors.Is(err, syscall.ECONNRESET) {
				t.Errorf("http client error = %v, want connection reset", err)
			}
		})
	}
}

func TestCutAfterBytesClosesCleanly(t *testing.T) {
	tg := newTarget(t)
	p := newProxy(t, tg.URL, faultproxy.Config{Seed: 3, Cut: faultproxy.ByteFault{Rate: 1, Min: 700, Max: 700}})

	got, err := rawGet(t, p.Addr(), "/bytes?n=10000")
	if err != nil {
		t.Fatalf("raw read: %v, want a clean end of stream", err)
	}
	if len(got) != 700 {
		t.Errorf("client got %d bytes, want exactly 700", len(got))
	}

	r, err := newClient(t, false, 10*time.Second).Get(p.URL() + "/bytes?n=10000")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	_, err = io.ReadAll(r.Body)
	r.Body.Close()
	if !errors.Is(err, io.ErrUnexpectedEOF) {
		t.Errorf("body read error = %v, want unexpected EOF", err)
	}
	if s := p.Stats(); s.Cuts != 2 || s.Resets != 0 {
		t.Errorf("stats %+v, want 2 cuts and no reset", s)
	}
}

func TestStatusAnswersWithoutTarget(t *testing.T) {
	tests := []struct {
		name       string
		fault      faultproxy.StatusFault
		method     string
		wantCode   int
		wantRetry  string
		wantHeader bool
	}{
		{"503 with Retry-After", faultproxy.StatusFault{Rate: 1, RetryAfter: 7}, http.MethodGet, 503, "7", true},
		{"429 on a POST", faultproxy.StatusFault{Rate: 1, Code: 429, RetryAfter: 1}, http.MethodPost, 429, "1", true},
		{"no Retry-After when zero", faultproxy.StatusFault{Rate: 1, Code: 500}, http.MethodGet, 500, "", false},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			tg := newTarget(t)
			p := newProxy(t, tg.URL, faultproxy.Config{Seed: 4, Status: tc.fault})
			req, err := http.NewRequest(tc.method, p.URL()+"/echo", bytes.NewReader(payload(100<<10)))
			if err != nil {
				t.Fatal(err)
			}
			r, err := newClient(t, true, 10*time.Second).Do(req)
			if err != nil {
				t.Fatalf("request: %v", err)
			}
			_, _ = io.Copy(io.Discard, r.Body)
			r.Body.Close()
			_, hasRetry := r.Header["Retry-After"]
			if r.StatusCode != tc.wantCode || r.Header.Get("Retry-After") != tc.wantRetry || hasRetry != tc.wantHeader {
				t.Errorf("got %d Retry-After %q, want %d %q", r.StatusCode, r.Header.Get("Retry-After"), tc.wantCode, tc.wantRetry)
			}
			if !r.Close {
				t.Error("injected answer did not say Connection: close")
			}
			if n := tg.requests.Load(); n != 0 {
				t.Errorf("target saw %d requests, want none", n)
			}
			if s := p.Stats(); s.Statuses != 1 {
				t.Errorf("Statuses = %d, want 1", s.Statuses)
			}
		})
	}
}

func TestStatusFractionIsSeeded(t *testing.T) {
	tg := newTarget(t)
	outcomes := func(seed uint64) []int {
		p := newProxy(t, tg.URL, faultproxy.Config{Seed: seed, Status: faultproxy.StatusFault{Rate: 0.5}})
		client := newClient(t, false, 10*time.Second) // one connection per request
		codes := make([]int, 30)
		for i := range codes {
			r, err := client.Get(p.URL() + "/bytes?n=10")
			if err != nil {
				t.Fatalf("request %d: %v", i, err)
			}
			_, _ = io.Copy(io.Discard, r.Body)
			r.Body.Close()
			codes[i] = r.StatusCode
		}
		return codes
	}
	first, again := outcomes(99), outcomes(99)
	counts := map[int]int{}
	for i, c := range first {
		if c != again[i] {
			t.Fatalf("request %d: %d then %d with the same seed", i, c, again[i])
		}
		counts[c]++
	}
	if counts[503] == 0 || counts[200] == 0 || counts[503]+counts[200] != len(first) {
		t.Errorf("outcomes %v, want a mix of 503 and 200 only", counts)
	}
	if got, want := tg.requests.Load(), int64(2*counts[200]); got != want {
		t.Errorf("target saw %d requests, want %d (only the ones not answered by the proxy)", got, want)
	}
}

func TestHalfOpenHoldsUntilDeadline(t *testing.T) {
	tg := newTarget(t)
	p := newProxy(t, tg.URL, faultproxy.Config{HalfOpen: faultproxy.HalfOpenFault{Rate: 1}})

	_, err := newClient(t, false, 300*time.Millisecond).Get(p.URL() + "/bytes?n=10")
	var timeout interface{ Timeout() bool }
	if !errors.As(err, &timeout) || !timeout.Timeout() {
		t.Fatalf("GET through a half-open connection: %v, want a client timeout", err)
	}
	if n := tg.requests.Load(); n != 0 {
		t.Errorf("target saw %d requests, want none", n)
	}
	if s := p.Stats(); s.HalfOpens != 1 || s.BytesToClient != 0 {
		t.Errorf("stats %+v, want one half-open connection and no bytes", s)
	}
}

func TestDripDeliversEveryByte(t *testing.T) {
	tg := newTarget(t)
	const interval = time.Millisecond
	p := newProxy(t, tg.URL, faultproxy.Config{Drip: faultproxy.DripFault{Rate: 1, Interval: interval}})

	start := time.Now()
	r, err := newClient(t, false, 30*time.Second).Get(p.URL() + "/bytes?n=300")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	got, err := io.ReadAll(r.Body)
	r.Body.Close()
	elapsed := time.Since(start)
	if err != nil || !bytes.Equal(got, payload(300)) {
		t.Fatalf("dripped body: %d bytes, err %v", len(got), err)
	}
	s := p.Stats()
	if s.Drips != 1 {
		t.Errorf("Drips = %d, want 1", s.Drips)
	}
	// One pause per byte is a lower bound that holds on any machine.
	if floor := time.Duration(s.BytesToClient) * interval; elapsed < floor {
		t.Errorf("%d bytes arrived in %v, faster than one per %v", s.BytesToClient, elapsed, interval)
	}
}

func TestTargetDownCountsDialError(t *testing.T) {
	tg := newTarget(t)
	p := newProxy(t, tg.URL, faultproxy.Config{})
	tg.Close()

	if _, err := newClient(t, false, 10*time.Second).Get(p.URL() + "/bytes?n=1"); err == nil {
		t.Fatal("GET through a proxy whose target is down succeeded")
	}
	if s := p.Stats(); s.DialErrors != 1 {
		t.Errorf("DialErrors = %d, want 1", s.DialErrors)
	}
}
