package output

import (
	"bufio"
	"bytes"
	"hash/fnv"
	"io"
	"sync"

	"github.com/dstail/dstail/sanitize"
)

// Prefixer interleaves the line output of several sessions on one writer:
// every line starts with its session's label, in a colour of its own when
// colour is on. Text that streams without a newline goes out at once; when
// another session writes meanwhile, the open line is ended first and the
// rest continues on a new labelled line.
type Prefixer struct {
	mu    sync.Mutex
	w     *bufio.Writer
	color bool
	open  string // session whose line is not ended yet
}

// NewPrefixer writes to w; color adds an ANSI colour per session label.
func NewPrefixer(w io.Writer, color bool) *Prefixer {
	return &Prefixer{w: bufio.NewWriterSize(w, 16<<10), color: color}
}

// Writer returns the writer for one session's lines.
func (p *Prefixer) Writer(session string) io.Writer {
	return &prefixedWriter{p: p, session: session, label: p.label(session)}
}

// Close ends a line left open, so the output ends with a newline.
func (p *Prefixer) Close() error {
	p.mu.Lock()
	defer p.mu.Unlock()
	if p.open != "" {
		p.w.WriteByte('\n')
		p.open = ""
	}
	return p.w.Flush()
}

// SessionLabel is the short name shown before a session's lines: the
// random end of its ID, unique enough to tell sessions apart.
func SessionLabel(session string) string {
	s := sanitize.Line(session)
	if r := []rune(s); len(r) > 8 {
		s = string(r[len(r)-8:])
	}
	return s
}

// labelColors are the 16-colour foregrounds that read on dark and light
// backgrounds alike.
var labelColors = []string{"31", "32", "33", "34", "35", "36", "91", "92", "93", "94", "95", "96"}

// SessionColor is a stable ANSI colour code for a session.
func SessionColor(session string) string {
	h := fnv.New32a()
	h.Write([]byte(session))
	return labelColors[h.Sum32()%uint32(len(labelColors))]
}

func (p *Prefixer) label(session string) []byte {
	l := "[" + SessionLabel(session) + "] "
	if p.color {
		l = "\x1b[" + SessionColor(session) + "m[" + SessionLabel(session) + "]\x1b[0m "
	}
	return []byte(l)
}

type prefixedWriter struct {
	p       *Prefixer
	session string
	label   []byte
}

func (w *prefixedWriter) Write(b []byte) (int, error) {
	p := w.p
	p.mu.Lock()
	defer p.mu.Unlock()
	n := len(b)
	for len(b) > 0 {
		if p.open != "" && p.open != w.session {
			p.w.WriteByte('\n')
			p.open = ""
		}
		if p.open == "" {
			p.w.Write(w.label)
		}
		i := bytes.IndexByte(b, '\n')
		if i < 0 {
			p.w.Write(b)
			p.open = w.session
			break
		}
		p.w.Write(b[:i+1])
		p.open = ""
		b = b[i+1:]
	}
	return n, p.w.Flush()
}
