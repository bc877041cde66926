package discover

import (
	"context"
	"net"
	"strconv"
	"strings"
	"time"
)

// HTTPService is the DNS-SD type OpenCode announces itself as
// (`opencode serve --mdns`): instance "opencode-<port>", SRV target the
// --mdns-domain (default opencode.local), TXT "path=/".
const HTTPService = "_http._tcp.local."

// DefaultWait is how long a browse listens for answers by default: mDNS
// responders delay shared answers by up to 120 ms, so a second is plenty on
// a local network.
const DefaultWait = time.Second

// OpenCodePrefix starts the instance name of every OpenCode server.
const OpenCodePrefix = "opencode-"

// IsOpenCode tells an OpenCode announcement from other _http._tcp services
// by its instance name; a health check confirms it (see the caller).
func IsOpenCode(s Service) bool { return strings.HasPrefix(s.Instance, OpenCodePrefix) }

// URL is the base URL of the service: http, its address and port, and the
// TXT path when one is given.
func (s Service) URL() string {
	u := "http://" + net.JoinHostPort(s.Addr.String(), strconv.Itoa(s.Port))
	for _, kv := range s.TXT {
		if p, ok := strings.CutPrefix(kv, "path="); ok && safePath(p) {
			u += strings.TrimRight(p, "/")
		}
	}
	return u
}

// OpenCode browses the network for wait and returns the OpenCode servers
// announced, by instance name; found (if not nil) hears of each as soon as
// it is seen.
func OpenCode(ctx context.Context, wait time.Duration, found func(Service)) ([]Service, error) {
	var onFound func(Service)
	if found != nil {
		onFound = func(s Service) {
			if IsOpenCode(s) {
				found(s)
			}
		}
	}
	all, err := BrowseNetwork(ctx, HTTPService, wait, onFound)
	var out []Service
	for _, s := range all {
		if IsOpenCode(s) {
			out = append(out, s)
		}
	}
	return out, err
}

// safePath accepts a TXT path that needs no escaping in a URL; any other is
// ignored (the server's root is tried instead).
func safePath(p string) bool {
	if !strings.HasPrefix(p, "/") || p == "/" || len(p) > 256 {
		return false
	}
	for _, r := range p {
		if !(r >= 'a' && r <= 'z' || r >= 'A' && r <= 'Z' || r >= '0' && r <= '9' || strings.ContainsRune("/-._~", r)) {
			return false
		}
	}
	return true
}
