package main

import (
	"net/url"
	"strings"
)

// Target kinds dstail can follow.
const (
	targetStream  = "stream"
	targetSession = "session"
)

const defaultOpenCodeServer = "http://127.0.0.1:4096"

// resolveTarget turns TARGET into what to follow: a stream URL, or an
// OpenCode session ID with its server.
func resolveTarget(target, server string) (kind, where string, err error) {
	if strings.HasPrefix(target, "ses_") {
		if server == "" {
			server = defaultOpenCodeServer
		}
		if _, err := parseServer(server); err != nil {
			return "", "", err
		}
		return targetSession, strings.TrimRight(server, "/"), nil
	}
	if strings.Contains(target, "://") {
		if _, err := checkHTTPURL(target); err != nil {
			return "", "", usagef("TARGET %q %v", target, err)
		}
		return targetStream, target, nil
	}
	if target == "" || strings.ContainsAny(target, "?#") {
		return "", "", usagef("TARGET %q is not a stream name, URL or session ID", target)
	}
	if server == "" {
		return "", "", usagef("the stream name %q needs --server (or DSTAIL_SERVER), or give the full stream URL", target)
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

func parseServer(server string) (*url.URL, error) {
	u, err := checkHTTPURL(server)
	if err != nil {
		return nil, usagef("--server %q %v", server, err)
	}
	return u, nil
}
