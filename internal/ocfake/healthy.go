package ocfake

import (
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"testing"
)

// Healthy is an OpenCode server as the server list probes it: GET
// /global/health with version, and one session in every listing. With a
// password it answers 401 to any request without it (and without user,
// unless user is "").
func Healthy(t testing.TB, version, user, password string) *httptest.Server {
	t.Helper()
	health, _ := json.Marshal(map[string]any{"healthy": true, "version": version})
	srv := httptest.NewServer(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		if u, pw, _ := r.BasicAuth(); password != "" && (pw != password || user != "" && u != user) {
			w.WriteHeader(http.StatusUnauthorized)
			return
		}
		switch r.URL.Path {
		case "/global/health":
			_, _ = w.Write(health)
		case "/experimental/session":
			_, _ = w.Write([]byte(`[{"id":"ses_a","directory":"/p","time":{"created":1,"updated":2}}]`))
		case "/session/status":
			_, _ = w.Write([]byte(`{}`))
		default:
			http.NotFound(w, r)
		}
	}))
	t.Cleanup(srv.Close)
	return srv
}
