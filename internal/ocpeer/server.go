package ocpeer

import (
	"errors"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"strconv"
	"sync"
	"syscall"
	"testing"
	"time"
)

// Server is a real `opencode serve` on 127.0.0.1 with its own HOME, XDG
// directories and git project(s), talking to a Mock LLM.
type Server struct {
	Mock *Mock // the LLM the server talks to; script it at any time

	cfg     config
	ownMock bool
	root    string   // temp dir holding everything below
	dirs    []string // project directories, dirs[0] is the server's cwd
	outside string   // a file outside every project
	env     []string
	bin     string
	hole    *blackhole
	logs    *logSink
	client  *http.Client
	startup time.Duration

	mu       sync.Mutex // guards the fields below and serialises restarts
	proc     *process
	port     int
	url      string
	sessions map[string]string // session ID -> directory, for instance-scoped calls
	prompts  map[string]int    // prompts sent per session, for WaitIdle
}

// Start launches a server for the test and stops it (removing its files)
// at cleanup. A start failure fails the test; so does a failed test's log
// tail get printed.
func Start(t testing.TB, opts ...Option) *Server {
	t.Helper()
	s, err := Launch(opts...)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("ocpeer: opencode log tail:\n%s", s.LogTail(80))
		}
		if err := s.Close(); err != nil {
			t.Errorf("ocpeer: close: %v", err)
		}
	})
	return s
}

// Launch starts a server that the caller stops with Close; use it for a
// server shared by a test package (from TestMain).
func Launch(opts ...Option) (*Server, error) {
	var cfg config
	for _, o := range opts {
		o(&cfg)
	}
	bin, err := Binary()
	if err != nil {
		return nil, err
	}
	s := &Server{cfg: cfg, bin: bin, logs: &logSink{}, sessions: map[string]string{}, prompts: map[string]int{}}
	if err := s.setup(); err != nil {
		return nil, errors.Join(err, s.Close())
	}
	t0 := time.Now()
	if err := s.launch(); err != nil {
		return nil, errors.Join(fmt.Errorf("%w\nopencode log tail:\n%s", err, s.LogTail(40)), s.Close())
	}
	s.startup = time.Since(t0)
	return s, nil
}

// setup creates the directories, the mock and the blackhole proxy.
func (s *Server) setup() error {
	root, err := os.MkdirTemp("", "ocpeer-")
	if err != nil {
		return err
	}
	// macOS hands out a symlinked temp dir; OpenCode reports resolved paths.
	if s.root, err = filepath.EvalSymlinks(root); err != nil {
		s.root = root
		return err
	}
	s.outside = filepath.Join(s.root, "outside", "secret.txt")
	if err := os.MkdirAll(filepath.Dir(s.outside), 0o755); err != nil {
		return err
	}
	if err := os.WriteFile(s.outside, []byte("outside file contents\n"), 0o644); err != nil {
		return err
	}
	s.Mock = s.cfg.mock
	if s.Mock == nil {
		mc := s.cfg.mockConfig
		if mc.OutsideFile == "" {
			mc.OutsideFile = s.outside
		}
		if s.Mock, err = NewMock(mc); err != nil {
			return err
		}
		s.ownMock = true
	}
	if s.hole, err = startBlackhole(); err != nil {
		return err
	}
	home := filepath.Join(s.root, "home")
	s.env = isolatedEnv(home, s.hole.url())
	if err := os.MkdirAll(home, 0o755); err != nil {
		return err
	}
	cfgJSON, err := projectConfig(s.Mock.BaseURL())
	if err != nil {
		return err
	}
	for i := 0; i <= s.cfg.extraDirs; i++ {
		dir := filepath.Join(s.root, "project-"+strconv.Itoa(i+1))
		if err := makeProject(dir, i+1, cfgJSON, s.env); err != nil {
			return err
		}
		s.dirs = append(s.dirs, dir)
	}
	if s.cfg.password != "" {
		s.env = append(s.env, "OPENCODE_SERVER_PASSWORD="+s.cfg.password)
		if s.cfg.username != "" {
			s.env = append(s.env, "OPENCODE_SERVER_USERNAME="+s.cfg.username)
		}
	}
	s.env = append(s.env, s.cfg.env...)
	s.client = &http.Client{Transport: &http.Transport{Proxy: nil}, Timeout: 30 * time.Second}
	return nil
}

// Close stops the server, the mock it owns and the proxy, and removes the
// temp directories. It is safe to call more than once.
func (s *Server) Close() error {
	s.mu.Lock()
	s.stopProcess(s.proc, syscall.SIGTERM)
	s.proc = nil
	s.mu.Unlock()
	var errs []error
	if s.client != nil {
		s.client.CloseIdleConnections()
	}
	if s.hole != nil {
		errs = append(errs, s.hole.close())
		s.hole = nil
	}
	if s.ownMock && s.Mock != nil {
		errs = append(errs, s.Mock.Close())
		s.ownMock = false
	}
	if s.root != "" {
		errs = append(errs, os.RemoveAll(s.root))
		s.root = ""
	}
	return errors.Join(errs...)
}

// Kill stops the server with sig (syscall.SIGTERM or syscall.SIGKILL) and
// waits until it is gone. Data directories stay for Relaunch.
func (s *Server) Kill(t testing.TB, sig os.Signal) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc == nil {
		t.Fatal("ocpeer: kill: server is not running")
	}
	s.stopProcess(s.proc, sig)
	s.proc = nil
	s.client.CloseIdleConnections()
}

// Relaunch starts the server again on the same port with the same data.
func (s *Server) Relaunch(t testing.TB) {
	t.Helper()
	s.mu.Lock()
	defer s.mu.Unlock()
	if s.proc != nil {
		t.Fatal("ocpeer: relaunch: server is still running")
	}
	if err := s.relaunch(); err != nil {
		t.Fatalf("ocpeer: relaunch: %v\nopencode log tail:\n%s", err, s.logs.tail(40))
	}
}

// Restart is Kill followed by Relaunch: the "server restarted mid-session"
// case. In-memory state (session status) is lost; the database is kept.
func (s *Server) Restart(t testing.TB, sig os.Signal) {
	t.Helper()
	s.Kill(t, sig)
	s.Relaunch(t)
}

// URL is the server's base URL, e.g. http://127.0.0.1:41234 (stable across
// restarts).
func (s *Server) URL() string {
	s.mu.Lock()
	defer s.mu.Unlock()
	return s.url
}

// Dir is the main project directory, the server's working directory.
func (s *Server) Dir() string { return s.dirs[0] }

// Dirs lists all project directories, Dir() first.
func (s *Server) Dirs() []string { return append([]string(nil), s.dirs...) }

// OutsideFile is a file outside every project (read by the perm scenario).
func (s *Server) OutsideFile() string { return s.outside }

// Username and Password are the basic-auth credentials ("" without auth).
func (s *Server) Username() string {
	if s.cfg.password != "" && s.cfg.username == "" {
		return "opencode"
	}
	return s.cfg.username
}

// Password is the configured OPENCODE_SERVER_PASSWORD.
func (s *Server) Password() string { return s.cfg.password }

// StartupTime is how long the first start took until /global/health answered.
func (s *Server) StartupTime() time.Duration { return s.startup }

// LogTail returns the last n lines of the server's output (all incarnations).
func (s *Server) LogTail(n int) string { return s.logs.tail(n) }

// Logs returns the kept server output.
func (s *Server) Logs() string { return s.logs.all() }

// OutboundAttempts lists the requests OpenCode tried to send off the
// machine (through the refusing proxy), e.g. "GET 127.0.0.1:…/@opencode-ai%2fplugin"
// for the npm plugin install it skips.
func (s *Server) OutboundAttempts() []string {
	if s.hole == nil {
		return nil
	}
	return s.hole.list()
}

// Env is the isolated environment the server runs in (its own HOME and XDG
// directories, no way out to the network), for a client such as
// `opencode attach` that must run beside it.
func (s *Server) Env() []string { return append([]string(nil), s.env...) }
