package transport

import (
	"context"
	"fmt"
	"net/http"
	"net/http/httptest"
	"strings"
	"testing"
	"time"
)

// An error naming a request URL cuts the long values a server handed out
// (an offset or cursor up to 4 KiB) and a path only a redirect makes that
// long; short URLs, as users see them every day, stay whole, and
// credentials stay hidden.
func TestShortURL(t *testing.T) {
	long := strings.Repeat("7", 4096)
	for raw, want := range map[string]string{
		"http://h/v1/stream/s?offset=0000_0012":        "http://h/v1/stream/s?offset=0000_0012",
		"http://u:pw@h/s?offset=" + long + "&cursor=c": "http://h/s?offset=" + long[:64] + "… (4096 bytes)&cursor=c",
		"http://h/" + long:                             "http://h/" + long[:55] + "… (4105 bytes)",
		"http://h/s?token=" + long:                     "http://h/s?token=REDACTED",
	} {
		if got := ShortURL(raw); got != want {
			t.Errorf("ShortURL(%.80q…) = %.200q, want %.200q", raw, got, want)
		}
	}
}

// A failed request with a 4 KiB offset in its URL is one short line.
func TestRequestErrorWithALongOffsetIsShort(t *testing.T) {
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		conn, _, _ := w.(http.Hijacker).Hijack()
		conn.Close()
	}))
	defer srv.Close()
	req, _ := http.NewRequest(http.MethodGet, srv.URL+"/s?offset="+strings.Repeat("7", 4096), nil)
	_, _, err := DoTimed(context.Background(), NewHTTPClient(HTTPOptions{}), req, 5*time.Second)
	if err == nil || len(err.Error()) > 300 || !strings.Contains(err.Error(), "(4096 bytes)") {
		t.Fatalf("error of %d bytes, want a short one naming the offset's length: %.400v", len(fmt.Sprint(err)), err)
	}
}
