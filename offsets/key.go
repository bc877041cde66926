package offsets

import (
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"net"
	"net/url"
	"strings"
	"unicode/utf8"
)

// Key names one saved position: a server origin and a stream URL path (Durable
// Streams) or a session ID (OpenCode).
type Key struct {
	Server string
	Stream string
}

// NewKey returns the normalised key for a server URL and a stream. The server
// is reduced to its origin (see Origin), so credentials never reach the disk.
func NewKey(server, stream string) (Key, error) {
	return Key{Server: server, Stream: stream}.normalize()
}

func (k Key) String() string { return k.Server + " " + k.Stream }

func (k Key) normalize() (Key, error) {
	origin, err := Origin(k.Server)
	if err != nil {
		return Key{}, err
	}
	if k.Stream == "" {
		return Key{}, fmt.Errorf("offsets: %w: empty stream", ErrInvalidKey)
	}
	if !utf8.ValidString(k.Stream) {
		return Key{}, fmt.Errorf("offsets: %w: stream is not valid UTF-8", ErrInvalidKey)
	}
	return Key{Server: origin, Stream: k.Stream}, nil
}

// Origin reduces a server URL to scheme://host[:port]: user name and password,
// path, query and fragment are dropped, scheme and host are lower-cased, and
// the scheme's default port is removed so equivalent spellings share a file.
func Origin(raw string) (string, error) {
	u, err := url.Parse(raw)
	if err != nil || u.Scheme == "" || u.Host == "" {
		// The raw text is left out of the message: it may hold a password.
		return "", fmt.Errorf("offsets: %w: server must be an absolute URL such as http://127.0.0.1:4437", ErrInvalidKey)
	}
	scheme := strings.ToLower(u.Scheme)
	host := strings.ToLower(u.Hostname())
	port := u.Port()
	if (scheme == "http" && port == "80") || (scheme == "https" && port == "443") {
		port = ""
	}
	if port != "" {
		host = net.JoinHostPort(host, port)
	} else if strings.Contains(host, ":") {
		host = "[" + host + "]"
	}
	return scheme + "://" + host, nil
}

// maxPrefix bounds the readable part of a file name; the hash keeps it unique.
const maxPrefix = 64

// fileBase is the file name stem for a normalised key: a readable, sanitised
// prefix plus a hash of the full key, so distinct keys never share a file even
// when their prefixes collide or the file system ignores case.
func fileBase(k Key) string {
	sum := sha256.Sum256([]byte(k.Server + "\x00" + k.Stream))
	host := k.Server
	if i := strings.Index(host, "://"); i >= 0 {
		host = host[i+3:]
	}
	prefix := sanitize(host + "_" + k.Stream)
	if len(prefix) > maxPrefix {
		prefix = strings.TrimRight(prefix[:maxPrefix], "_.-")
	}
	if prefix == "" {
		prefix = "entry"
	}
	return prefix + "-" + hex.EncodeToString(sum[:8])
}

// sanitize keeps ASCII letters, digits, '.' and '-', turns every other run of
// bytes into one '_', and trims separators at both ends (no hidden files).
func sanitize(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	lastUnderscore := false
	for i := 0; i < len(s); i++ {
		c := s[i]
		switch {
		case c >= 'a' && c <= 'z', c >= 'A' && c <= 'Z', c >= '0' && c <= '9', c == '.', c == '-':
			b.WriteByte(c)
			lastUnderscore = false
		case !lastUnderscore:
			b.WriteByte('_')
			lastUnderscore = true
		}
	}
	return strings.Trim(b.String(), "_.-")
}
