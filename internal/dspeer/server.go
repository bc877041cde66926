// Package dspeer runs the real Durable Streams reference server (npm
// @durable-streams/server, see testdata/peers) as a child process for tests,
// and sends the writer-side requests (create, append, close, delete) that
// dstail itself never makes.
//
// Streams live under /v1/stream/<name> (the layout of the protocol's Caddy
// server; the reference server accepts any path).
package dspeer

import (
	"fmt"
	"net/http"
	"net/url"
	"os/exec"
	"path/filepath"
	"strconv"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/peers"
)

const (
	startTimeout   = 20 * time.Second
	stopTimeout    = 5 * time.Second
	requestTimeout = 10 * time.Second
	streamPrefix   = "/v1/stream/"
	serverScript   = "ds-server.mjs"
	serverPackage  = "@durable-streams/server/package.json"
)

// Server is a running reference server. Its URL stays the same across
// Restart. Methods are safe for concurrent use; the ones taking a testing.TB
// fail the test with t.Fatalf, so call them from the test goroutine and use
// the Try variants elsewhere.
type Server struct {
	cfg    config
	node   string
	script string
	dir    string
	client *http.Client

	mu   sync.Mutex // guards proc and port
	proc *process
	port int
	url  string // set once by Start, never changed

	typesMu sync.Mutex
	types   map[string]string // stream name -> content type, to append with
}

// Start launches the server on 127.0.0.1 and waits until it listens (up to
// 20 s). The test fails with the server's output if it does not come up; the
// server is stopped when the test ends.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	var cfg config
	for _, opt := range opts {
		opt(&cfg)
	}
	if _, err := peers.Node(serverPackage); err != nil {
		t.Fatalf("dspeer: reference server package: %v", err)
	}
	dir, err := peers.Dir()
	if err != nil {
		t.Fatalf("dspeer: %v", err)
	}
	node, err := exec.LookPath("node")
	if err != nil {
		t.Fatalf("dspeer: node is needed to run the reference server: %v", err)
	}
	transport := http.DefaultTransport.(*http.Transport).Clone()
	s := &Server{
		cfg:    cfg,
		node:   node,
		script: filepath.Join(dir, serverScript),
		dir:    dir,
		client: &http.Client{Timeout: requestTimeout, Transport: transport},
		types:  map[string]string{},
	}
	p, err := launch(s.node, s.script, s.dir, cfg.args(cfg.port))
	if err != nil {
		t.Fatalf("dspeer: start reference server: %v", err)
	}
	port, err := portOf(p.url)
	if err != nil {
		p.stop()
		t.Fatalf("dspeer: %v", err)
	}
	s.proc, s.port, s.url = p, port, p.url
	t.Cleanup(func() {
		if err := s.stop(); err != nil {
			t.Errorf("dspeer: reference server did not shut down cleanly: %v", err)
		}
	})
	return s
}

// URL is the server's base URL, e.g. http://127.0.0.1:41234.
func (s *Server) URL() string { return s.url }

// StreamPath is the path of the named stream, to join with another base URL
// (a proxy in front of the server, for instance).
func (s *Server) StreamPath(name string) string {
	return streamPrefix + url.PathEscape(name)
}

// StreamURL is the full URL of the named stream.
func (s *Server) StreamURL(name string) string { return s.url + s.StreamPath(name) }

// Output returns what the server has written to stderr so far (its log).
func (s *Server) Output() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		return ""
	}
	return s.proc.log.String()
}

// Stop shuts the server down (closing its stdin, killing it after 5 s).
// It is safe to call more than once; Restart starts it again. A crash or an
// unclean shutdown is reported when the test ends, unless Stop came first.
func (s *Server) Stop() {
	_ = s.stop() // the caller asked for the stop; its exit status tells nothing new
}

// stop ends the running process and reports how it ended: an error means
// it had crashed or ignored the shutdown request.
func (s *Server) stop() error {
	s.mu.Lock()
	p := s.proc
	s.proc = nil
	s.mu.Unlock()
	s.client.CloseIdleConnections()
	if p == nil {
		return nil
	}
	if err := p.stop(); err != nil {
		return fmt.Errorf("%w\n%s", err, p.log.String())
	}
	return nil
}

// Restart stops the server and starts it again on the same port with the
// same options. In file-backed mode (WithDataDir) streams and offsets
// survive; in memory mode every stream is gone afterwards. Clients see their
// connections drop.
func (s *Server) Restart(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		old := s.proc
		s.proc = nil
		if err := old.stop(); err != nil {
			t.Fatalf("dspeer: stop before restart: %v\n%s", err, old.log.String())
		}
	}
	s.client.CloseIdleConnections()
	p, err := launchOnPort(s.node, s.script, s.dir, s.cfg.args(s.port))
	if err != nil {
		t.Fatalf("dspeer: restart reference server: %v", err)
	}
	if p.url != s.url {
		p.stop()
		t.Fatalf("dspeer: restarted server at %s, want %s", p.url, s.url)
	}
	s.proc = p
}

func portOf(base string) (int, error) {
	u, err := url.Parse(base)
	if err != nil {
		return 0, fmt.Errorf("server printed a bad URL %q: %w", base, err)
	}
	port, err := strconv.Atoi(u.Port())
	if err != nil || port <= 0 {
		return 0, fmt.Errorf("server URL %q has no port", base)
	}
	return port, nil
}
