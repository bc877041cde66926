package ocpeer

import (
	"bytes"
	"regexp"
	"strings"
	"sync"
)

// maxLogLines bounds the kept server output (a busy test writes a few
// thousand lines); older lines are dropped first.
const maxLogLines = 20000

// logSink collects the output of every server incarnation, line by line.
type logSink struct {
	mu    sync.Mutex
	lines []string
}

func (l *logSink) add(line string) {
	l.mu.Lock()
	defer l.mu.Unlock()
	l.lines = append(l.lines, line)
	if over := len(l.lines) - maxLogLines; over > 0 {
		l.lines = append([]string(nil), l.lines[over:]...)
	}
}

func (l *logSink) tail(n int) string {
	l.mu.Lock()
	defer l.mu.Unlock()
	start := max(len(l.lines)-n, 0)
	return strings.Join(l.lines[start:], "\n")
}

func (l *logSink) all() string { return l.tail(maxLogLines) }

var listeningLine = regexp.MustCompile(`server listening on (http://\S+)`)

// lineWriter is the stdout/stderr of one server process: it splits the
// output into lines for the sink and reports the "listening" line.
type lineWriter struct {
	sink       *logSink
	partial    []byte
	listening  chan string // receives the server URL once
	announced  bool
	serveError bool // the process reported it could not serve (port taken)
}

func newLineWriter(sink *logSink) *lineWriter {
	return &lineWriter{sink: sink, listening: make(chan string, 1)}
}

// Write is called from a single goroutine (exec shares one pipe when Stdout
// and Stderr are the same writer).
func (w *lineWriter) Write(p []byte) (int, error) {
	w.partial = append(w.partial, p...)
	for {
		i := bytes.IndexByte(w.partial, '\n')
		if i < 0 {
			return len(p), nil
		}
		line := string(w.partial[:i])
		w.partial = w.partial[i+1:]
		w.sink.add(line)
		if strings.Contains(line, "ServeError") {
			w.serveError = true
		}
		if m := listeningLine.FindStringSubmatch(line); m != nil && !w.announced {
			w.announced = true
			w.listening <- m[1]
		}
	}
}
