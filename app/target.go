package app

import (
	"net/url"
	"strings"

	"github.com/dstail/dstail/transport"
)

// Target kinds dstail can follow.
const (
	targetStream  = "stream"
	targetSession = "session"
)

// resolveTarget turns TARGET into what to follow: a stream URL, or an
// OpenCode session ID with its server.
func resolveTarget(target, server string) (kind, where string, err error) {
	if isSession(target) {
		if server == "" {
			server = DefaultOpenCodeServer
		}
		if _, err := parseServer(server); err != nil {
			return "", "", err
		}
		return targetSession, strings.TrimRight(server, "/"), nil
	}
	if strings.Contains(target, "://") {
		if _, err := transport.CheckURL(target); err != nil {
			return "", "", Usagef("TARGET %q %v", target, err)
		}
		return targetStream, target, nil
	}
	if target == "" || strings.ContainsAny(target, "?#") {
		return "", "", Usagef("TARGET %q is not a stream name, URL or session ID", target)
	}
	if server == "" {
		return "", "", Usagef("the stream name %q needs --server (or DSTAIL_SERVER), or give the full stream URL", target)
	}
	u, err := parseServer(server)
	if err != nil {
		return "", "", err
	}
	prefix := strings.TrimRight(u.Path, "/")
	if prefix == "" {
		prefix = "/v1/stream"
	}
	u.Path = prefix + "/" + strings.TrimLeft(target, "/")
	u.RawPath = ""
	return targetStream, u.String(), nil
}

// isSession reports an OpenCode session ID.
func isSession(target string) bool { return strings.HasPrefix(target, "ses_") }

func parseServer(server string) (*url.URL, error) {
	u, err := transport.CheckURL(server)
	if err != nil {
		return nil, Usagef("--server %q %v", server, err)
	}
	return u, nil
}
