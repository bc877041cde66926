package faultproxy_test

import (
	"bytes"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
	"unicode/utf8"

	"github.com/dstail/dstail/internal/faultproxy"
)

const (
	sseFrame = "event: data\ndata: [\"0123456789abcdef\"]\n\n"
	runeText = "aé日🎉" // one, two, three and four bytes
)

// newBodyTarget serves /sse (SSE frames) and /runes (multi-byte text),
// each 40 KB with a Content-Length.
func newBodyTarget(t *testing.T) *httptest.Server {
	t.Helper()
	mux := http.NewServeMux()
	mux.HandleFunc("/sse", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/event-stream")
		_, _ = w.Write([]byte(strings.Repeat(sseFrame, 40<<10/len(sseFrame))))
	})
	mux.HandleFunc("/runes", func(w http.ResponseWriter, _ *http.Request) {
		w.Header().Set("Content-Type", "text/plain; charset=utf-8")
		_, _ = w.Write([]byte(strings.Repeat(runeText, 40<<10/len(runeText))))
	})
	srv := httptest.NewServer(mux)
	t.Cleanup(srv.Close)
	return srv
}

func TestFrameCutEndsInsideADataLine(t *testing.T) {
	tg := newBodyTarget(t)
	dataLine := strings.Split(sseFrame, "\n")[1]
	depths := map[int]bool{}
	for seed := uint64(1); seed <= 24; seed++ {
		p := newProxy(t, tg.URL, faultproxy.Config{Seed: seed, FrameCut: faultproxy.ByteFault{Rate: 1, Min: 500, Max: 5000}})
		got, err := rawGet(t, p.Addr(), "/sse")
		if err != nil {
			t.Fatalf("seed %d: %v, want a clean close", seed, err)
		}
		last := got[bytes.LastIndexByte(got, '\n')+1:]
		if len(got) < 500 || !strings.HasPrefix(dataLine, string(last)) || len(last) < len("data:") || len(last) >= len(dataLine) {
			t.Fatalf("seed %d: %d bytes ending in %q, want the start of an unfinished %q after 500 bytes", seed, len(got), last, dataLine)
		}
		depths[len(last)] = true
		if s := p.Stats(); s.FrameCuts != 1 || s.Cuts != 0 {
			t.Errorf("seed %d: stats %+v, want one frame cut", seed, s)
		}
	}
	if len(depths) < 3 {
		t.Errorf("cuts landed at %d depths in the data line, want the seed to vary it", len(depths))
	}
}

func TestRuneCutEndsInsideASequence(t *testing.T) {
	tg := newBodyTarget(t)
	kept := map[int]bool{} // bytes of the cut sequence that got through
	for seed := uint64(1); seed <= 24; seed++ {
		p := newProxy(t, tg.URL, faultproxy.Config{Seed: seed, RuneCut: faultproxy.ByteFault{Rate: 1, Min: 300, Max: 3000}})
		got, err := rawGet(t, p.Addr(), "/runes")
		if err != nil {
			t.Fatalf("seed %d: %v, want a clean close", seed, err)
		}
		lead := len(got) - 1 // back to the start of the last sequence
		for lead > 0 && got[lead]&0xC0 == 0x80 {
			lead--
		}
		tail := got[lead:]
		if len(got) < 300 || utf8.FullRune(tail) || !utf8.Valid(got[:lead]) || tail[0] < 0xC0 {
			t.Fatalf("seed %d: %d bytes ending in % x, want a multi-byte sequence cut short after 300 bytes", seed, len(got), tail)
		}
		kept[len(tail)] = true
		if s := p.Stats(); s.RuneCuts != 1 {
			t.Errorf("seed %d: stats %+v, want one rune cut", seed, s)
		}
	}
	if !kept[1] || !kept[2] || !kept[3] {
		t.Errorf("cut sequences kept %v bytes, want 1, 2 and 3 across seeds", kept)
	}
}

func TestDripWindowThenFullSpeed(t *testing.T) {
	tg := newTarget(t)
	const interval, dripped = 50 * time.Millisecond, 6
	p := newProxy(t, tg.URL, faultproxy.Config{Drip: faultproxy.DripFault{Rate: 1, Interval: interval, Bytes: dripped, MaxStart: 40}})
	start := time.Now()
	r, err := newClient(t, false, 30*time.Second).Get(p.URL() + "/bytes?n=2000")
	if err != nil {
		t.Fatalf("GET: %v", err)
	}
	got, err := readAllClose(r)
	elapsed := time.Since(start)
	if err != nil || !bytes.Equal(got, payload(2000)) {
		t.Fatalf("body: %d bytes, err %v", len(got), err)
	}
	// Dripping all of it would take over 100 s; the window takes 300 ms.
	if elapsed < dripped*interval || elapsed > 20*time.Second {
		t.Errorf("took %v, want at least %v (the dripped bytes) and far below a full drip", elapsed, dripped*interval)
	}
	if s := p.Stats(); s.Drips != 1 {
		t.Errorf("Drips = %d, want 1", s.Drips)
	}
}

func TestSetTargetMovesNewConnections(t *testing.T) {
	first, second := newTarget(t), newTarget(t)
	p := newProxy(t, first.URL, faultproxy.Config{})
	client := newClient(t, false, 10*time.Second)
	get := func() {
		r, err := client.Get(p.URL() + "/bytes?n=10")
		if err != nil {
			t.Fatalf("GET: %v", err)
		}
		_, _ = readAllClose(r)
	}
	get()
	if err := p.SetTarget(second.URL); err != nil {
		t.Fatal(err)
	}
	get()
	if a, b := first.requests.Load(), second.requests.Load(); a != 1 || b != 1 {
		t.Errorf("targets saw %d and %d requests, want one each", a, b)
	}
	if err := p.SetTarget("no port"); err == nil {
		t.Error("SetTarget accepted a target without a port")
	}
}

func TestHalfOpenLongestIsTheClientsPatience(t *testing.T) {
	tg := newTarget(t)
	p := newProxy(t, tg.URL, faultproxy.Config{HalfOpen: faultproxy.HalfOpenFault{Rate: 1}})
	const patience = 300 * time.Millisecond
	if _, err := newClient(t, false, patience).Get(p.URL() + "/bytes?n=10"); err == nil {
		t.Fatal("GET through a half-open connection succeeded")
	}
	deadline := time.Now().Add(5 * time.Second)
	for p.Stats().HalfOpenLongest == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	// The client's clock starts before the proxy accepts, so the proxy sees
	// a little less than the client's patience.
	if got := p.Stats().HalfOpenLongest; got < patience/2 || got > 5*time.Second {
		t.Errorf("HalfOpenLongest = %v, want about the client's %v", got, patience)
	}
	if s := p.Stats(); s.HalfOpenQuits != 1 {
		t.Errorf("HalfOpenQuits = %d, want 1", s.HalfOpenQuits)
	}
}

func TestInterruptResetsOpenConnections(t *testing.T) {
	tg := newTarget(t)
	p := newProxy(t, tg.URL, faultproxy.Config{HalfOpen: faultproxy.HalfOpenFault{Rate: 1}})
	errc := make(chan error, 1)
	go func() {
		_, err := newClient(t, false, 30*time.Second).Get(p.URL() + "/bytes?n=10")
		errc <- err
	}()
	deadline := time.Now().Add(5 * time.Second)
	for p.Stats().HalfOpens == 0 && time.Now().Before(deadline) {
		time.Sleep(5 * time.Millisecond)
	}
	p.Interrupt()
	select {
	case err := <-errc:
		if err == nil {
			t.Fatal("a request on an interrupted connection succeeded")
		}
	case <-time.After(10 * time.Second):
		t.Fatal("the held request did not end after Interrupt")
	}
	if s := p.Stats(); s.Interrupts != 1 || s.HalfOpenQuits != 0 {
		t.Errorf("stats %+v, want one interrupt and no half-open given up by the client", s)
	}
}

func readAllClose(r *http.Response) ([]byte, error) {
	defer r.Body.Close()
	var b bytes.Buffer
	_, err := b.ReadFrom(r.Body)
	return b.Bytes(), err
}
