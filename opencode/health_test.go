package opencode

import (
	"context"
	"errors"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/transport"
)

func TestHealth(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		switch {
		case r.URL.Path != "/global/health":
			http.NotFound(w, r)
		case r.Header.Get("Authorization") == "":
			w.WriteHeader(http.StatusUnauthorized)
		case r.Header.Get("Authorization") == "not-json":
			_, _ = w.Write([]byte("<html>hello</html>"))
		case r.Header.Get("Authorization") == "huge":
			_, _ = w.Write([]byte(`{"healthy":true,"version":"` + strings.Repeat("x", 1<<20) + `"}`))
		default:
			_, _ = w.Write([]byte(`{"healthy":true,"version":"1.18.33"}`))
		}
	}))
	defer srv.Close()
	ctx := context.Background()
	with := func(auth string) http.Header { return http.Header{"Authorization": {auth}} }

	if v, err := Health(ctx, srv.URL, nil, with("ok"), 5*time.Second); err != nil || v != "1.18.33" {
		t.Errorf("Health = %q, %v; want 1.18.33", v, err)
	}
	var se *transport.StatusError
	if _, err := Health(ctx, srv.URL, nil, nil, 5*time.Second); !errors.As(err, &se) || se.Status != http.StatusUnauthorized {
		t.Errorf("without credentials: %v, want a 401 StatusError", err)
	}
	var pe *transport.ProtocolError
	for _, auth := range []string{"not-json", "huge"} {
		if _, err := Health(ctx, srv.URL, nil, with(auth), 5*time.Second); !errors.As(err, &pe) {
			t.Errorf("%s: %v, want a ProtocolError", auth, err)
		}
	}
}
