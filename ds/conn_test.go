package ds

import (
	"context"
	"errors"
	"net"
	"net/http"
	"slices"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"github.com/dstail/dstail/transport"
)

// deadAddr is a loopback address nothing listens on.
func deadAddr(t *testing.T) string {
	l, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := l.Addr().String()
	_ = l.Close()
	return addr
}

func TestUnreachableBeforeAnyAnswerFailsFast(t *testing.T) {
	o := readStream(t, StreamOptions{URL: "http://" + deadAddr(t) + "/s", Backoff: tinyBackoff()})
	if !errors.Is(o.err, syscall.ECONNREFUSED) || transport.Permanent(o.err) {
		t.Fatalf("err = %v, want a connection refused", o.err)
	}
	if r := o.retries(); len(r) != 0 {
		t.Errorf("retried %d times before any answer", len(r))
	}
}

func TestRefusedAfterAnAnswerIsRetried(t *testing.T) {
	srv := newFakeStream(t, ok("b", `[1]`), ok("c", `[2]`, hClosed, "true"))
	dead := deadAddr(t)
	var dials atomic.Int32
	var d net.Dialer
	opts := srv.opts()
	opts.HTTP = &http.Client{Transport: &http.Transport{
		DisableKeepAlives: true, // every request dials
		DialContext: func(ctx context.Context, network, addr string) (net.Conn, error) {
			if n := dials.Add(1); n == 2 || n == 3 {
				addr = dead // the server went away for a moment
			}
			return d.DialContext(ctx, network, addr)
		},
	}}
	o := readStream(t, opts)
	if o.err != nil {
		t.Fatal(o.err)
	}
	if got, want := o.messages(), []string{"1", "2"}; !slices.Equal(got, want) {
		t.Errorf("messages %q, want %q", got, want)
	}
	if got, want := srv.offsets(), []string{"-1", "b"}; !slices.Equal(got, want) {
		t.Errorf("requests %q, want %q", got, want)
	}
	r := o.retries()
	if len(r) != 2 || !errors.Is(r[0].Err, syscall.ECONNREFUSED) || r[1].Attempt != 2 || r[1].Offset != "b" {
		t.Errorf("retry states %+v, want two refused attempts at b", r)
	}
}

func TestCancelReturnsPromptly(t *testing.T) {
	// hold signals that the reader is waiting, then keeps it waiting.
	hold := func(waiting chan<- struct{}, s step) step {
		return func(w http.ResponseWriter, r *http.Request) {
			if s != nil {
				s(w, r)
				w.(http.Flusher).Flush()
			}
			close(waiting)
			<-r.Context().Done()
		}
	}
	cases := []struct {
		name  string
		live  LiveMode
		steps func(waiting chan<- struct{}) []step
	}{
		{"during a long-poll wait", LiveLongPoll, func(c chan<- struct{}) []step { return []step{caughtUp("b"), hold(c, nil)} }},
		{"during a quiet event stream", LiveSSE, func(c chan<- struct{}) []step {
			return []step{caughtUp("b"), hold(c, sseReply(false, nil, controlEvent("b", "", true, false)))}
		}},
		{"during a catch-up body", LiveOff, func(c chan<- struct{}) []step {
			return []step{hold(c, func(w http.ResponseWriter, r *http.Request) {
				w.Header().Set("Stream-Next-Offset", "b")
				_, _ = w.Write([]byte("[1,"))
			})}
		}},
		{"during a backoff sleep", LiveOff, func(c chan<- struct{}) []step {
			return []step{func(w http.ResponseWriter, r *http.Request) {
				status(http.StatusServiceUnavailable, "Retry-After", "30")(w, r)
				close(c)
			}}
		}},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			waiting := make(chan struct{})
			srv := newFakeStream(t, c.steps(waiting)...)
			opts := srv.opts()
			opts.Live = c.live
			ctx, cancel := context.WithCancel(t.Context())
			go func() {
				<-waiting
				time.Sleep(50 * time.Millisecond) // let the reader settle into its wait
				cancel()
			}()
			start := time.Now()
			o := readStreamCtx(ctx, opts)
			if !errors.Is(o.err, context.Canceled) {
				t.Fatalf("err = %v, want context.Canceled", o.err)
			}
			if d := time.Since(start); d > 10*time.Second {
				t.Errorf("returned after %v", d)
			}
		})
	}
}

func TestSlowResponseHeadersAreRetried(t *testing.T) {
	srv := newFakeStream(t,
		func(w http.ResponseWriter, r *http.Request) {
			select {
			case <-r.Context().Done():
			case <-time.After(10 * time.Second):
			}
		},
		ok("b", `[1]`, hClosed, "true"))
	opts := srv.opts()
	opts.IdleTimeout = 150 * time.Millisecond
	o := readStream(t, opts)
	if o.err != nil {
		t.Fatal(o.err)
	}
	if r := o.retries(); len(r) != 1 || !errors.Is(r[0].Err, transport.ErrHeaderTimeout) {
		t.Errorf("retry states %+v, want one header timeout", r)
	}
}

func TestLongPollHoldLongerThanIdleTimeoutIsFine(t *testing.T) {
	srv := newFakeStream(t, caughtUp("b"),
		func(w http.ResponseWriter, r *http.Request) {
			time.Sleep(400 * time.Millisecond) // the server's hold
			reply(http.StatusNoContent, "b", "", hClosed, "true")(w, r)
		})
	opts := srv.opts()
	opts.Live, opts.IdleTimeout = LiveLongPoll, 100*time.Millisecond
	o := readStream(t, opts)
	if o.err != nil || len(o.retries()) != 0 {
		t.Fatalf("err = %v, retries %+v: a long-poll hold is not a dead connection", o.err, o.retries())
	}
}
