package ocpeer

import "strconv"

// WithHostname makes the server listen on host instead of 127.0.0.1.
// OpenCode publishes over mDNS only when it does not listen on loopback,
// so an mDNS test listens on 0.0.0.0 (inside its own network namespace).
func WithHostname(host string) Option {
	return func(c *config) { c.hostname = host }
}

// WithServeArgs adds flags to `opencode serve`, e.g. "--mdns",
// "--mdns-domain", "second.local".
func WithServeArgs(args ...string) Option {
	return func(c *config) { c.serveArgs = append(c.serveArgs, args...) }
}

// serveArgs is the command line of `opencode serve` on port.
func (s *Server) serveArgs(port int) []string {
	host := s.cfg.hostname
	if host == "" {
		host = "127.0.0.1"
	}
	args := []string{"serve", "--port", strconv.Itoa(port), "--hostname", host, "--print-logs"}
	return append(args, s.cfg.serveArgs...)
}
