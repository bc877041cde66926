// Package iostreams is dstail's one terminal environment: where input and
// output go, which of them are terminals, the width of the output, and
// whether it gets colour. It is decided once, at start, from the real
// process (System) or set by tests (Test), as gh's iostreams is, so no
// other package looks at file descriptors or colour variables itself.
package iostreams

import (
	"bytes"
	"context"
	"io"
	"os"
	"slices"
	"strings"
	"time"

	"github.com/charmbracelet/colorprofile"
	"golang.org/x/term"
)

// Colour modes, as --color takes them.
const (
	ColorAuto   = "auto"   // colour on terminals, unless NO_COLOR; CLICOLOR_FORCE forces it
	ColorAlways = "always" // colour even into pipes and under NO_COLOR
	ColorNever  = "never"  // no colour, only bold, italic and reverse
)

// ColorModes lists the values --color accepts.
var ColorModes = []string{ColorAuto, ColorAlways, ColorNever}

// IOStreams is the terminal environment of one run.
type IOStreams struct {
	In     io.Reader
	Out    io.Writer
	ErrOut io.Writer

	inTTY, outTTY, errTTY bool
	width                 int // of Out when it is a terminal; 0 otherwise
	colorMode             string
	environ               []string // KEY=value, as os.Environ gives them
}

// System is the process's own stdin, stdout and stderr.
func System() *IOStreams {
	return FromFiles(os.Stdin, os.Stdout, os.Stderr)
}

// FromFiles wraps readers and writers; those that are terminals count as
// such, so a test passing buffers gets a pipe-like environment.
func FromFiles(in io.Reader, out, errOut io.Writer) *IOStreams {
	s := &IOStreams{In: in, Out: out, ErrOut: errOut, colorMode: ColorAuto, environ: os.Environ()}
	s.inTTY, _ = isTerminal(in)
	var fd int
	s.outTTY, fd = isTerminal(out)
	s.errTTY, _ = isTerminal(errOut)
	if s.outTTY {
		if w, _, err := term.GetSize(fd); err == nil {
			s.width = w
		}
	}
	return s
}

// Test is an environment of buffers with no terminal and no environment
// variables; the setters make it look like a terminal.
func Test() (s *IOStreams, in, out, errOut *bytes.Buffer) {
	in, out, errOut = &bytes.Buffer{}, &bytes.Buffer{}, &bytes.Buffer{}
	s = &IOStreams{In: in, Out: out, ErrOut: errOut, colorMode: ColorAuto}
	return s, in, out, errOut
}

func isTerminal(v any) (bool, int) {
	f, ok := v.(*os.File)
	if !ok {
		return false, -1
	}
	fd := int(f.Fd())
	return term.IsTerminal(fd), fd
}

// SetTTY marks stdin, stdout and stderr as terminals or not (tests).
func (s *IOStreams) SetTTY(in, out, errOut bool) { s.inTTY, s.outTTY, s.errTTY = in, out, errOut }

// SetWidth sets the width of stdout (tests).
func (s *IOStreams) SetWidth(w int) { s.width = w }

// SetEnv replaces the environment the decisions read (tests).
func (s *IOStreams) SetEnv(vars map[string]string) {
	s.environ = s.environ[:0]
	for k, v := range vars {
		s.environ = append(s.environ, k+"="+v)
	}
}

// env looks a variable up in the environment the decisions read.
func (s *IOStreams) env(name string) (string, bool) {
	for _, kv := range s.environ {
		if k, v, ok := strings.Cut(kv, "="); ok && k == name {
			return v, true
		}
	}
	return "", false
}

// SetColorMode applies --color; an unknown mode counts as auto.
func (s *IOStreams) SetColorMode(mode string) {
	if !slices.Contains(ColorModes, mode) {
		mode = ColorAuto
	}
	s.colorMode = mode
}

// IsStdinTTY, IsStdoutTTY and IsStderrTTY say which streams are terminals.
func (s *IOStreams) IsStdinTTY() bool  { return s.inTTY }
func (s *IOStreams) IsStdoutTTY() bool { return s.outTTY }
func (s *IOStreams) IsStderrTTY() bool { return s.errTTY }

// Width is the number of columns of stdout, 0 when it is not a terminal.
func (s *IOStreams) Width() int { return s.width }

// dumb reports TERM=dumb: a terminal that understands no escape codes.
func (s *IOStreams) dumb() bool {
	v, _ := s.env("TERM")
	return v == "dumb"
}

// CanView reports whether stdout can take the full-screen view: a terminal
// that is not dumb.
func (s *IOStreams) CanView() bool { return s.outTTY && !s.dumb() }

// CanPick reports whether the interactive picker can run: the view on
// stdout and a terminal to read keys from.
func (s *IOStreams) CanPick() bool { return s.CanView() && s.inTTY }

// ColorEnabled is the one colour rule, for stdout whether it is a terminal
// or not: never and always win; auto gives no colour under NO_COLOR (any
// value), colour under CLICOLOR_FORCE (not "0"), else colour on terminals
// that are not dumb. Line output, labels and the view all ask here.
func (s *IOStreams) ColorEnabled() bool { return s.colorFor(s.outTTY) }

// ViewColor is the rule for the full-screen view, which only ever runs on
// a terminal.
func (s *IOStreams) ViewColor() bool { return s.colorFor(true) }

func (s *IOStreams) colorFor(tty bool) bool {
	switch s.colorMode {
	case ColorNever:
		return false
	case ColorAlways:
		return true
	}
	if _, ok := s.env("NO_COLOR"); ok {
		return false
	}
	if v, ok := s.env("CLICOLOR_FORCE"); ok && v != "0" {
		return true
	}
	return tty && !s.dumb()
}

// ColorProfile is how the view lowers colours: not at all beyond what the
// terminal supports, none when colour is off, and at least 16 colours when
// it is forced on.
func (s *IOStreams) ColorProfile() colorprofile.Profile {
	if !s.ViewColor() {
		return colorprofile.ASCII
	}
	env := slices.DeleteFunc(slices.Clone(s.environ), func(kv string) bool { return strings.HasPrefix(kv, "NO_COLOR=") })
	return max(colorprofile.Detect(s.Out, env), colorprofile.ANSI)
}

// closedPoll is how often OutClosed looks at a quiet output.
const closedPoll = 200 * time.Millisecond

// OutClosed is closed once nobody reads Out any more (the reader of a pipe
// exited, as `| head` does), even while nothing is written; nil when Out
// cannot tell (a file, a terminal, a buffer). It stops looking when ctx ends.
func (s *IOStreams) OutClosed(ctx context.Context) <-chan struct{} {
	f, ok := s.Out.(*os.File)
	if !ok {
		return nil
	}
	return outClosed(ctx, f)
}
