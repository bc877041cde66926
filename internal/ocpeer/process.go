package ocpeer

import (
	"context"
	"errors"
	"fmt"
	"net"
	"net/http"
	"os"
	"os/exec"
	"strconv"
	"time"
)

const (
	readyTimeout = 60 * time.Second
	// probeTimeout bounds each readiness probe: a connection accepted in the
	// first ~200 ms after the port opens is never answered, so a probe must
	// give up quickly and retry on a fresh connection.
	probeTimeout = 500 * time.Millisecond
	probeEvery   = 50 * time.Millisecond
	stopTimeout  = 10 * time.Second
)

// process is one running `opencode serve`.
type process struct {
	cmd  *exec.Cmd
	out  *lineWriter
	done chan struct{} // closed once the process has exited
	err  error         // result of Wait, valid after done
}

func (s *Server) spawn(port int) (*process, error) {
	cmd := exec.Command(s.bin, s.serveArgs(port)...)
	cmd.Dir = s.dirs[0]
	cmd.Env = s.env
	out := newLineWriter(s.logs)
	cmd.Stdout, cmd.Stderr = out, out
	// Tool subprocesses may keep the output pipe open after a kill.
	cmd.WaitDelay = 2 * time.Second
	setProcessGroup(cmd)
	s.logs.add(fmt.Sprintf("ocpeer: starting %s on port %d", s.bin, port))
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("ocpeer: start opencode: %w", err)
	}
	p := &process{cmd: cmd, out: out, done: make(chan struct{})}
	go func() {
		p.err = cmd.Wait()
		close(p.done)
	}()
	return p, nil
}

// errPortBusy marks a server that failed to bind: OpenCode then exits with
// a bare "ServeError" before printing its listening line.
var errPortBusy = errors.New("ocpeer: opencode could not listen (ServeError)")

// run starts the server on port and waits until it answers HTTP.
func (s *Server) run(port int) error {
	p, err := s.spawn(port)
	if err != nil {
		return err
	}
	deadline := time.Now().Add(readyTimeout)
	select {
	case <-p.out.listening:
	case <-p.done:
		if p.out.serveError {
			return errPortBusy
		}
		return fmt.Errorf("ocpeer: opencode exited during start-up: %v", p.err)
	case <-time.After(time.Until(deadline)):
		s.stopProcess(p, os.Kill)
		return errors.New("ocpeer: opencode printed no listening line in time")
	}
	s.proc = p
	s.port = port
	s.url = "http://127.0.0.1:" + strconv.Itoa(port)
	if err := s.awaitHealthy(p, deadline); err != nil {
		s.stopProcess(p, os.Kill)
		s.proc = nil
		return err
	}
	return nil
}

// awaitHealthy polls GET /global/health until it answers 200. It runs with
// s.mu held during Relaunch, so it reads s.url directly.
func (s *Server) awaitHealthy(p *process, deadline time.Time) error {
	tr := &http.Transport{Proxy: nil, DisableKeepAlives: true}
	defer tr.CloseIdleConnections()
	probe := &http.Client{Transport: tr, Timeout: probeTimeout}
	var last string
	for time.Now().Before(deadline) {
		select {
		case <-p.done:
			return fmt.Errorf("ocpeer: opencode exited during start-up: %v", p.err)
		default:
		}
		req, err := s.newRequest(context.Background(), s.url, http.MethodGet, "/global/health", nil)
		if err != nil {
			return err
		}
		resp, err := probe.Do(req)
		if err == nil {
			resp.Body.Close()
			if resp.StatusCode == http.StatusOK {
				return nil
			}
			last = resp.Status
		} else {
			last = err.Error()
		}
		time.Sleep(probeEvery)
	}
	return fmt.Errorf("ocpeer: opencode not healthy after %s (last probe: %s)", readyTimeout, last)
}

// launch starts the first incarnation on a free port, retrying with another
// port if one was taken between picking and binding it.
func (s *Server) launch() error {
	var err error
	for range 5 {
		var port int
		if port, err = freePort(); err != nil {
			return err
		}
		if err = s.run(port); !errors.Is(err, errPortBusy) {
			return err
		}
	}
	return err
}

// relaunch starts again on the previous port, which a killed server may
// hold for a moment.
func (s *Server) relaunch() error {
	var err error
	for range 20 {
		if err = s.run(s.port); !errors.Is(err, errPortBusy) {
			return err
		}
		time.Sleep(250 * time.Millisecond)
	}
	return err
}

// stopProcess sends sig and waits for the exit (escalating to SIGKILL),
// then kills whatever the server left in its process group.
func (s *Server) stopProcess(p *process, sig os.Signal) {
	if p == nil {
		return
	}
	_ = p.cmd.Process.Signal(sig)
	select {
	case <-p.done:
	case <-time.After(stopTimeout):
		_ = p.cmd.Process.Kill()
		<-p.done
	}
	killGroup(p.cmd)
	s.logs.add(fmt.Sprintf("ocpeer: server stopped with %v (%v)", sig, p.err))
}

func freePort() (int, error) {
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		return 0, fmt.Errorf("ocpeer: pick a port: %w", err)
	}
	defer ln.Close()
	return ln.Addr().(*net.TCPAddr).Port, nil
}
