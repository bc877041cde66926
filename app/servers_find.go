package app

import (
	"context"
	"errors"
	"net/http"
	"slices"
	"strings"
	"sync"
	"time"

	"github.com/dstail/dstail/discover"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/sanitize"
	"github.com/dstail/dstail/transport"
)

// Where a server came from.
const (
	sourceMDNS    = "mdns"
	sourceConfig  = "config"
	sourceDefault = "default"
)

// probeTimeout bounds each server's health check and session count: a
// server that found its way into the list but hangs must not hold it.
const probeTimeout = 5 * time.Second

// foundServer is one OpenCode server the server list shows. Every string
// a server sent is sanitised when it is stored.
type foundServer struct {
	URL           string `json:"url"`
	Name          string `json:"name"`               // the config name, the mDNS domain, or "default"
	Source        string `json:"source"`             // mdns, config or default
	Instance      string `json:"instance,omitempty"` // the mDNS instance name
	Version       string `json:"version,omitempty"`
	Sessions      *int   `json:"sessions,omitempty"` // absent when it could not be counted
	NeedsPassword bool   `json:"needsPassword"`      // it answered 401 and no password was at hand
	Error         string `json:"error,omitempty"`    // why it could not be probed

	named    *NamedServer // the [servers.NAME] table, for a config server
	answered bool         // it answered as OpenCode does (health, or 401)
	// The named server's own credentials, when the probe needed them.
	username, password string
}

// findOptions say where to look and with which credentials.
type findOptions struct {
	wait    time.Duration // how long mDNS listens
	mdns    bool          // browse at all
	named   []NamedServer
	header  http.Header // -H and -p credentials, tried on every server
	hasAuth bool        // header carries -p credentials
	http    *http.Client
	browse  browseFunc // discover.OpenCode; tests replace it
}

type browseFunc func(ctx context.Context, wait time.Duration, found func(discover.Service)) ([]discover.Service, error)

// findOptions are where c looks for servers: its named servers and its
// credentials. buildHTTP has run.
func (c *Config) findOptions(wait time.Duration, mdns bool) findOptions {
	return findOptions{
		wait: wait, mdns: mdns, named: c.Named, header: c.sessionHeader(), hasAuth: c.Password != "",
		http: c.http, browse: discover.OpenCode,
	}
}

// findServers lists the OpenCode servers announced over mDNS, the named
// servers of the config file, and the default server if it answers. The
// named and default servers are probed while the browse listens, and each
// announced server as soon as it is heard, so the whole takes about the
// browse's time. A server announced under a URL that is also named keeps
// its name and credentials.
func findServers(ctx context.Context, fo findOptions) []foundServer {
	known := make([]foundServer, 0, len(fo.named)+1)
	for i := range fo.named {
		n := &fo.named[i]
		known = append(known, foundServer{URL: strings.TrimRight(n.URL, "/"), Name: sanitize.Line(n.Name), Source: sourceConfig, named: n})
	}
	if !slices.ContainsFunc(known, func(s foundServer) bool { return s.URL == DefaultOpenCodeServer }) {
		known = append(known, foundServer{URL: DefaultOpenCodeServer, Name: "default", Source: sourceDefault})
	}
	knownURL := map[string]bool{} // read while the probes write known
	var wg sync.WaitGroup
	for i := range known {
		knownURL[known[i].URL] = true
		wg.Go(func() { probe(ctx, fo, &known[i]) })
	}
	var mu sync.Mutex
	var fresh []*foundServer
	instances := map[string]string{} // URL -> mDNS instance, for known servers
	heard := func(a discover.Service) {
		s := &foundServer{URL: a.URL(), Name: sanitize.Line(a.Target), Source: sourceMDNS, Instance: sanitize.Line(a.Instance)}
		mu.Lock()
		defer mu.Unlock()
		if knownURL[s.URL] {
			instances[s.URL] = s.Instance
			return
		}
		if slices.ContainsFunc(fresh, func(f *foundServer) bool { return f.URL == s.URL }) {
			return
		}
		fresh = append(fresh, s)
		wg.Go(func() { probe(ctx, fo, s) })
	}
	if fo.mdns {
		_, _ = fo.browse(ctx, fo.wait, heard) // no multicast: nothing announced
	}
	wg.Wait()
	slices.SortFunc(fresh, func(a, b *foundServer) int { return strings.Compare(a.Instance, b.Instance) })
	var out []foundServer
	for _, s := range fresh {
		// An announcement named like OpenCode that does not answer as
		// OpenCode is another _http._tcp service.
		if s.answered {
			out = append(out, *s)
		}
	}
	for _, s := range known {
		s.Instance = instances[s.URL]
		if s.Source != sourceDefault || s.answered {
			out = append(out, s)
		}
	}
	return out
}

// probe reads the server's version and counts its sessions. A 401 is
// answered with the named server's own password if its table names one
// (the password-command runs only then), else the server is marked and
// left.
func probe(ctx context.Context, fo findOptions, s *foundServer) {
	ctx, cancel := context.WithTimeout(ctx, probeTimeout)
	defer cancel()
	header, tried := fo.header, fo.hasAuth
	version, err := opencode.Health(ctx, s.URL, fo.http, header, probeTimeout)
	if unauthorized(err) && s.named != nil && s.named.Password != nil {
		pw, ok, perr := s.named.Password(ctx)
		if perr != nil {
			s.Error = sanitize.Line(perr.Error())
			return
		}
		if ok {
			header, tried = header.Clone(), true
			if header == nil {
				header = http.Header{}
			}
			header.Set("Authorization", basicAuth(s.named.Username, pw))
			s.username, s.password = s.named.Username, pw
			version, err = opencode.Health(ctx, s.URL, fo.http, header, probeTimeout)
		}
	}
	s.answered = err == nil || unauthorized(err)
	switch {
	case unauthorized(err):
		s.NeedsPassword = true
		if tried {
			s.Error = "the password given was refused"
		}
		return
	case err != nil:
		s.Error = sanitize.Line(err.Error())
		return
	}
	s.Version = sanitize.Line(version)
	list, err := opencode.ListSessions(ctx, opencode.ListOptions{Server: s.URL, Header: header, HTTP: fo.http, AllDirs: true})
	if err != nil {
		s.Error = sanitize.Line(err.Error())
		return
	}
	n := len(list)
	s.Sessions = &n
}

func unauthorized(err error) bool {
	var se *transport.StatusError
	return errors.As(err, &se) && se.Status == http.StatusUnauthorized
}
