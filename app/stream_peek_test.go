package app

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"

	"github.com/dstail/dstail/ds"
	"github.com/dstail/dstail/feed"
)

// peekServer serves a JSON stream of three messages in two reads and counts
// the reads it answers.
func peekServer(t *testing.T) (*httptest.Server, *atomic.Int32) {
	var reads atomic.Int32
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		reads.Add(1)
		w.Header().Set("Content-Type", "application/json")
		switch r.URL.Query().Get("offset") {
		case "-1":
			w.Header().Set("Stream-Next-Offset", "b")
			w.Write([]byte(`[1,2]`))
		default:
			w.Header().Set("Stream-Next-Offset", "c")
			w.Header().Set("Stream-Up-To-Date", "true")
			w.Write([]byte(`[3]`))
		}
	}))
	t.Cleanup(srv.Close)
	return srv, &reads
}

func peekOptions(url string) ds.StreamOptions {
	return ds.StreamOptions{URL: url + "/s", From: feed.Position{Offset: "-1"}, Live: ds.LiveOff}
}

// The first batch read to choose the screen is the first the view gets:
// the stream is read once, in order, with its states.
func TestPeekedStreamReadsOnce(t *testing.T) {
	srv, reads := peekServer(t)
	p := peekStream(context.Background(), peekOptions(srv.URL))
	first, err := p.first()
	if err != nil || first == nil {
		t.Fatalf("first batch %v, %v", first, err)
	}
	var got []string
	var states int
	err = p.follow(context.Background(), first, func(feed.State) { states++ }, func(b *feed.Batch) error {
		for _, m := range b.Messages {
			got = append(got, string(m.Data))
		}
		return nil
	})
	if err != nil {
		t.Fatal(err)
	}
	if strings.Join(got, ",") != "1,2,3" {
		t.Errorf("messages %v, want 1,2,3", got)
	}
	if n := reads.Load(); n != 2 {
		t.Errorf("%d reads, want 2 (the first batch is not read twice)", n)
	}
	if states == 0 {
		t.Error("no connection state reached the view")
	}
}

// The view's error on a batch ends the read: nothing more is read.
func TestPeekedStreamStopsOnTheViewsError(t *testing.T) {
	srv, reads := peekServer(t)
	p := peekStream(context.Background(), peekOptions(srv.URL))
	first, err := p.first()
	if err != nil {
		t.Fatal(err)
	}
	stop := errors.New("full")
	if err := p.follow(context.Background(), first, func(feed.State) {}, func(*feed.Batch) error { return stop }); !errors.Is(err, stop) {
		t.Fatalf("follow ended with %v, want %v", err, stop)
	}
	if n := reads.Load(); n != 1 {
		t.Errorf("%d reads after the view refused the first batch, want 1", n)
	}
}

// A stream that is not there ends before a first batch, with its error.
func TestPeekedStreamMissing(t *testing.T) {
	srv := httptest.NewServer(http.NotFoundHandler())
	defer srv.Close()
	p := peekStream(context.Background(), peekOptions(srv.URL))
	defer p.cancel()
	if b, err := p.first(); b != nil || err == nil {
		t.Fatalf("first = %v, %v; want no batch and an error", b, err)
	}
}
