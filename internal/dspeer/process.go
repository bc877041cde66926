package dspeer

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os/exec"
	"strings"
	"time"

	"github.com/dstail/dstail/internal/testbin"
)

// process is one run of ds-server.mjs.
type process struct {
	cmd   *exec.Cmd
	stdin io.WriteCloser
	url   string
	log   *testbin.Buffer
	done  chan struct{} // closed once the process has exited
	err   error         // result of Wait, valid after done
}

// launch starts the script and waits for the URL line it prints once
// listening. On failure the error carries everything the server wrote.
func launch(node, script, dir string, args []string) (*process, error) {
	cmd := exec.Command(node, append([]string{script}, args...)...)
	cmd.Dir = dir
	log := &testbin.Buffer{}
	cmd.Stderr = log
	stdout, err := cmd.StdoutPipe()
	if err != nil {
		return nil, err
	}
	stdin, err := cmd.StdinPipe()
	if err != nil {
		return nil, err
	}
	if err := cmd.Start(); err != nil {
		return nil, fmt.Errorf("run %s: %w", script, err)
	}
	p := &process{cmd: cmd, stdin: stdin, log: log, done: make(chan struct{})}
	urls := make(chan string, 1)
	go p.readStdout(stdout, urls)

	timer := time.NewTimer(startTimeout)
	defer timer.Stop()
	select {
	case u := <-urls:
		if !strings.HasPrefix(u, "http://") {
			p.stop()
			return nil, fmt.Errorf("server printed %q instead of its URL\n%s", u, log.String())
		}
		p.url = u
		return p, nil
	case <-p.done:
		return nil, fmt.Errorf("server exited before listening (%v)\n%s", p.err, log.String())
	case <-timer.C:
		p.stop()
		return nil, fmt.Errorf("server not listening after %v\n%s", startTimeout, log.String())
	}
}

// launchOnPort retries launch briefly while the port is still in use, as it
// can be for a moment after the previous process on it exited.
func launchOnPort(node, script, dir string, args []string) (*process, error) {
	const attempts = 20
	var err error
	for range attempts {
		var p *process
		p, err = launch(node, script, dir, args)
		if err == nil || !strings.Contains(err.Error(), "EADDRINUSE") {
			return p, err
		}
		time.Sleep(100 * time.Millisecond)
	}
	return nil, err
}

// readStdout hands the first line (the URL) to urls, keeps later lines in the
// log, then reaps the process: Wait must only run once stdout is drained.
func (p *process) readStdout(stdout io.Reader, urls chan<- string) {
	sc := bufio.NewScanner(stdout)
	first := true
	for sc.Scan() {
		if first {
			urls <- strings.TrimSpace(sc.Text())
			first = false
			continue
		}
		fmt.Fprintf(p.log, "%s\n", sc.Text())
	}
	p.err = p.cmd.Wait()
	close(p.done)
}

// stop closes stdin (the script's signal to shut down cleanly) and kills the
// process if it has not exited within stopTimeout.
func (p *process) stop() error {
	_ = p.stdin.Close()
	timer := time.NewTimer(stopTimeout)
	defer timer.Stop()
	select {
	case <-p.done:
		return p.err
	case <-timer.C:
		_ = p.cmd.Process.Kill()
		<-p.done
		return errors.New("server ignored the shutdown request and was killed")
	}
}
