package transport

import (
	"context"
	"errors"
	"io"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

func TestRedirects(t *testing.T) {
	var foreignHits atomic.Int32
	foreign := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		foreignHits.Add(1)
		_, _ = io.WriteString(w, "foreign")
	}))
	defer foreign.Close()
	mux := http.NewServeMux()
	mux.HandleFunc("/target", func(w http.ResponseWriter, r *http.Request) {
		_, _ = io.WriteString(w, "auth="+r.Header.Get("Authorization"))
	})
	mux.Handle("/same", http.RedirectHandler("/target", http.StatusTemporaryRedirect))
	mux.Handle("/other", http.RedirectHandler(foreign.URL+"/target", http.StatusFound))
	mux.HandleFunc("/loop", func(w http.ResponseWriter, r *http.Request) {
		http.Redirect(w, r, "/loop", http.StatusFound)
	})
	home := httptest.NewServer(mux)
	defer home.Close()

	hc := NewHTTPClient(HTTPOptions{})
	cases := []struct {
		path, body, err string
	}{
		{path: "/same", body: "auth=Bearer x"},
		{path: "/other", err: "http://" + home.Listener.Addr().String() + ": refusing a redirect to another origin"},
		{path: "/loop", err: "stopped after 5 redirects"},
	}
	for _, c := range cases {
		req, _ := http.NewRequest(http.MethodGet, home.URL+c.path, nil)
		req.Header.Set("Authorization", "Bearer x")
		resp, err := hc.Do(req)
		if c.err != "" {
			if err == nil || !strings.Contains(err.Error(), c.err) {
				t.Errorf("%s: err = %v, want %q", c.path, err, c.err)
			}
			if crossOrigin := c.path == "/other"; crossOrigin != Permanent(err) {
				t.Errorf("%s: Permanent = %v, want %v (a foreign origin is never retried)", c.path, !crossOrigin, crossOrigin)
			}
			if resp != nil {
				resp.Body.Close()
			}
			continue
		}
		if err != nil {
			t.Fatalf("%s: %v", c.path, err)
		}
		body, _ := io.ReadAll(resp.Body)
		resp.Body.Close()
		if string(body) != c.body {
			t.Errorf("%s: body %q, want %q", c.path, body, c.body)
		}
	}
	if n := foreignHits.Load(); n != 0 {
		t.Errorf("the other origin got %d requests", n)
	}
}

func TestDoTimed(t *testing.T) {
	release := make(chan struct{})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if r.URL.Path == "/slow" {
			select {
			case <-release:
			case <-r.Context().Done():
			}
		}
		w.(http.Flusher).Flush()
		<-r.Context().Done() // the body never ends
	}))
	defer srv.Close()
	defer close(release)
	hc := NewHTTPClient(HTTPOptions{})
	get := func(ctx context.Context, path string, wait time.Duration) (*http.Response, context.CancelCauseFunc, error) {
		req, _ := http.NewRequestWithContext(ctx, http.MethodGet, srv.URL+path, nil)
		return DoTimed(ctx, hc, req, wait)
	}

	if _, _, err := get(t.Context(), "/slow", 100*time.Millisecond); !errors.Is(err, ErrHeaderTimeout) {
		t.Errorf("slow headers: err = %v, want ErrHeaderTimeout", err)
	}

	ctx, cancel := context.WithCancel(t.Context())
	time.AfterFunc(50*time.Millisecond, cancel)
	if _, _, err := get(ctx, "/slow", 10*time.Second); !errors.Is(err, context.Canceled) || errors.Is(err, ErrHeaderTimeout) {
		t.Errorf("cancelled: err = %v, want context.Canceled", err)
	}

	// The header timer must not fire later and kill a body being read.
	resp, stop, err := get(t.Context(), "/fast", 50*time.Millisecond)
	if err != nil {
		t.Fatal(err)
	}
	defer resp.Body.Close()
	read := make(chan error, 1)
	go func() { _, err := resp.Body.Read(make([]byte, 1)); read <- err }()
	select {
	case err := <-read:
		t.Fatalf("body ended early: %v", err)
	case <-time.After(200 * time.Millisecond):
	}
	stop(errors.New("done"))
	if err := <-read; err == nil {
		t.Error("stopping the request did not end the body")
	}
}
