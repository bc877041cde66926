package app

import (
	"context"
	"net"
	"net/http"
	"net/http/httptest"
	"strconv"
	"testing"
	"time"

	"github.com/dstail/dstail/discover"
	"github.com/dstail/dstail/internal/ocfake"
)

func announce(instance, domain string, srv *httptest.Server) discover.Service {
	_, port, _ := net.SplitHostPort(srv.Listener.Addr().String())
	p, _ := strconv.Atoi(port)
	return discover.Service{Instance: instance, Target: domain, Port: p, Addr: net.IPv4(127, 0, 0, 1)}
}

// Announced servers are probed: an OpenCode one is listed with its version
// (sanitised) and session count, one behind a password is marked and not
// probed further, an _http._tcp service that is not OpenCode is left out.
func TestFindServersProbesAnnounced(t *testing.T) {
	open, locked := ocfake.Healthy(t, "\x1b[31m9.9.9\a", "", ""), ocfake.Healthy(t, "\x1b[31m9.9.9\a", "", "secret")
	other := httptest.NewServer(http.NotFoundHandler())
	t.Cleanup(other.Close)
	services := []discover.Service{
		announce("opencode-1", "opencode.local", open),
		announce("opencode-2", "locked.local", locked),
		announce("opencode-3", "web.local", other),
	}
	fo := findOptions{
		wait: 10 * time.Millisecond, mdns: true, http: http.DefaultClient,
		browse: func(_ context.Context, _ time.Duration, found func(discover.Service)) ([]discover.Service, error) {
			for _, s := range services {
				found(s)
			}
			return services, nil
		},
	}
	got := findServers(context.Background(), fo)
	byName := map[string]foundServer{}
	for _, s := range got {
		byName[s.Name] = s
	}
	if s, ok := byName["opencode.local"]; !ok || s.Version != "9.9.9" || s.Sessions == nil || *s.Sessions != 1 || s.NeedsPassword || s.Source != sourceMDNS {
		t.Errorf("the open server: %+v", s)
	}
	if s, ok := byName["locked.local"]; !ok || !s.NeedsPassword || s.Sessions != nil || s.Error != "" {
		t.Errorf("the locked server should be marked and not counted: %+v", s)
	}
	if _, ok := byName["web.local"]; ok {
		t.Errorf("a service that does not answer as OpenCode is not listed: %+v", got)
	}
	fo.header = http.Header{"Authorization": {basicAuth("opencode", "secret")}}
	fo.hasAuth = true
	for _, s := range findServers(context.Background(), fo) {
		if s.Name == "locked.local" && (s.NeedsPassword || s.Sessions == nil) {
			t.Errorf("with the password the locked server is probed: %+v", s)
		}
	}
}

// A named server that answers 401 is tried with its own password, as
// `--server NAME` would take it, and the picker then uses those
// credentials; a named password the server refuses is reported.
func TestFindServersNamedPassword(t *testing.T) {
	locked := ocfake.Healthy(t, "1.18.33", "me", "secret")
	asked := 0
	named := func(pw string) NamedServer {
		return NamedServer{Name: "work", URL: locked.URL + "/", Username: "me", Password: func(context.Context) (string, bool, error) {
			asked++
			return pw, true, nil
		}}
	}
	fo := findOptions{http: http.DefaultClient, named: []NamedServer{named("secret")}}
	got := findServers(context.Background(), fo)
	if len(got) == 0 || got[0].Name != "work" || got[0].Source != sourceConfig || got[0].NeedsPassword || got[0].Sessions == nil || *got[0].Sessions != 1 {
		t.Fatalf("the named server with its own password: %+v", got)
	}
	if asked != 1 {
		t.Errorf("the named password should be asked for once, was %d times", asked)
	}
	r := (&run{c: &Config{Username: "opencode"}}).onServer(got[0])
	if r.c.Server != locked.URL || r.c.Username != "me" || r.c.Password != "secret" {
		t.Errorf("the picker should open it as %q with its own credentials, got %q %q:%q", locked.URL, r.c.Server, r.c.Username, r.c.Password)
	}
	fo.named = []NamedServer{named("wrong")}
	got = findServers(context.Background(), fo)
	if len(got) == 0 || !got[0].NeedsPassword || got[0].Error != "the password given was refused" || got[0].Sessions != nil {
		t.Errorf("a refused named password: %+v", got)
	}
}
