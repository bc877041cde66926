package app

import (
	"context"
	"encoding/base64"
	"net/http"
	"strings"
	"time"

	"github.com/dstail/dstail/config"
	"github.com/dstail/dstail/output"
	"github.com/dstail/dstail/transport"
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
	Compress     string // --compress: when to ask servers for gzip (transport.Compressions)
	Replay       string // a --json capture to show instead of following
	Lines        output.LineOptions
	// FromPicker: the picker opened this view, so esc goes back to it.
	FromPicker bool
	// Named are the config file's [servers.NAME] tables, for the server
	// list (`dstail servers` and the picker without --server).
	Named []NamedServer
	// ReadOnly: the view takes no action on a session (--read-only).
	ReadOnly bool

	http *http.Client // built from the TLS options by prepare
}

// NamedServer is a [servers.NAME] table as the server list uses it.
type NamedServer struct {
	Name, URL string
	Username  string // the user `--server NAME` would take
	// Password gives the password `--server NAME` would take from the
	// table (password-env or password-command); ok is false when it names
	// none or -p outranks it. It runs only when the server asks for one.
	Password func(ctx context.Context) (password string, ok bool, err error)
}

// DefaultOpenCodeServer is where sessions are looked for without --server.
const DefaultOpenCodeServer = "http://127.0.0.1:4096"

// Defaults of the byte budgets (--max-event-size, --max-buffer).
const (
	DefaultMaxEventSize = transport.DefaultMaxEventSize
	DefaultMaxBuffer    = transport.DefaultMaxBuffer
)

// DefaultCompress and Compressions are --compress's default and values.
const DefaultCompress = string(transport.CompressAuto)

var Compressions = transport.Compressions

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
		h.Set("Authorization", basicAuth(c.Username, c.Password))
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

// basicAuth is the Authorization value of OpenCode's basic auth.
func basicAuth(user, password string) string {
	return "Basic " + base64.StdEncoding.EncodeToString([]byte(user+":"+password))
}

// openCodeServer is --server or the default, checked and without a
// trailing slash. Credentials in the URL (http://user:pass@host) are
// OpenCode's basic auth, unless -u/-p or the environment gave them; the
// URL used from then on carries none.
func (c *Config) openCodeServer() (string, error) {
	server := DefaultOpenCodeServer
	if c.Server != "" {
		server = c.Server
	}
	u, err := parseServer(server)
	if err != nil {
		return "", err
	}
	if u.User != nil {
		if pw, ok := u.User.Password(); ok && c.Password == "" {
			c.Username, c.Password = u.User.Username(), pw
		}
		u.User = nil
		server = u.String()
	}
	return strings.TrimRight(server, "/"), nil
}

// NamedServersOf are the config file's servers for the server list, each with the
// user and password `--server NAME` would take; set says where each flag's
// value came from, user is -u. A nil file names none.
func NamedServersOf(f *config.File, set map[string]string, user string) []NamedServer {
	if f == nil {
		return nil
	}
	var out []NamedServer
	for _, name := range f.ServerNames() {
		s := f.Servers[name]
		out = append(out, NamedServer{Name: name, URL: s.URL, Username: s.User(user, set["username"]),
			Password: func(ctx context.Context) (string, bool, error) { return f.ServerPassword(ctx, s, set["password"]) }})
	}
	return out
}
