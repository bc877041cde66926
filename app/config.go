package app

import (
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/dstail/dstail/output"
)

// Config is everything a run needs, already taken from flags, environment
// and the config file.
type Config struct {
	Server       string // --server as a URL ("" for the default OpenCode server)
	JSON         bool
	Plain        bool
	Once         bool
	From         string // saved, start, now, or an offset / seq
	FromSet      bool   // --from was given, not defaulted
	Live         string // sse or long-poll
	LiveSet      bool   // --live was given, not defaulted
	NoSave       bool
	Headers      []string // -H lines as given
	IdleTimeout  time.Duration
	MaxRetries   int
	MaxEventSize int
	MaxBuffer    int // --max-buffer: bytes held before they can be shown
	Quiet        bool
	StateDir     string
	Username     string
	Password     string
	UntilIdle    bool
	Inline       bool
	All          bool
	Children     bool
	MaxSessions  int
	Insecure     bool
	CACert       string
	Replay       string // a --json capture to show instead of following
	Lines        output.LineOptions
	// FromPicker: the picker opened this view, so esc goes back to it.
	FromPicker bool
	// ReadOnly: the view takes no action on a session (--read-only).
	ReadOnly bool

	http *http.Client // built from the TLS options by prepare
}

// DefaultOpenCodeServer is where sessions are looked for without --server.
const DefaultOpenCodeServer = "http://127.0.0.1:4096"

// DefaultMaxSessions caps --all and --children unless --max-sessions says.
const DefaultMaxSessions = 20

// Validate checks the flags every follow shares.
func (c *Config) Validate() error {
	if c.Live != "sse" && c.Live != "long-poll" {
		return Usagef("--live must be sse or long-poll, not %q", c.Live)
	}
	if c.From == "" {
		return Usagef("--from must be saved, start, now or an offset")
	}
	if c.IdleTimeout < 0 || c.MaxRetries < 0 || c.MaxEventSize < 1<<10 || c.MaxBuffer < 1<<10 {
		return Usagef("--idle-timeout, --max-retries must not be negative and --max-event-size, --max-buffer at least 1024")
	}
	if c.MaxSessions < 0 {
		return Usagef("--max-sessions must not be negative")
	}
	_, err := c.header()
	return err
}

// header parses the -H values.
func (c *Config) header() (http.Header, error) {
	h := http.Header{}
	for _, line := range c.Headers {
		name, value, err := parseHeaderLine(line) // input_check.go
		if err != nil {
			return nil, err
		}
		h.Add(name, value)
	}
	return h, nil
}

// sessionHeader is -H plus OpenCode's basic auth when a password is set:
// every request to an OpenCode server carries it.
func (c *Config) sessionHeader() http.Header {
	h, _ := c.header()
	if c.Password != "" {
		h.Set("Authorization", "Basic "+base64.StdEncoding.EncodeToString([]byte(c.Username+":"+c.Password)))
	}
	return h
}

// oneServer readies a command that talks to one OpenCode server without
// following it (sessions, completion, actions): the server's URL, checked
// headers and the HTTP client.
func (c *Config) oneServer(n *notices) (string, error) {
	server, err := c.openCodeServer()
	if err != nil {
		return "", err
	}
	if _, err := c.header(); err != nil {
		return "", err
	}
	return server, buildHTTP(c, n)
}

// openCodeServer is --server or the default, checked and without a
// trailing slash.
func (c *Config) openCodeServer() (string, error) {
	server := DefaultOpenCodeServer
	if c.Server != "" {
		server = c.Server
	}
	if _, err := parseServer(server); err != nil {
		return "", err
	}
	return strings.TrimRight(server, "/"), nil
}
