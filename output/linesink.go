package output

import (
	"bufio"
	"strings"
	"time"

	"github.com/charmbracelet/x/ansi"
)

// LineOptions shape readable line output; the zero value prints every line
// as is, without colour or time stamps.
type LineOptions struct {
	Filter     Filter
	Timestamps string // TimestampsOff, TimestampsShort or TimestampsRFC3339
	Color      bool   // style lines with ANSI SGR sequences
	// ToolLines is the head of a finished tool's output shown under its
	// call: DefaultToolLines when 0, none when negative (ToolHeadLines).
	ToolLines int
	// Now stamps lines that carry no time of their own; nil means time.Now.
	Now func() time.Time
}

// style is how a line (or a piece of one) is shown in colour.
type style int

const (
	stylePlain style = iota
	styleHeader
	styleDim      // status, steps, patches, files
	styleThinking // reasoning
	styleBusy     // a tool running
	styleBad      // errors
)

var sgr = map[style]ansi.Style{
	styleHeader:   ansi.NewStyle().Bold(),
	styleDim:      ansi.NewStyle().Faint(),
	styleThinking: ansi.NewStyle().Faint().Italic(true),
	styleBusy:     ansi.NewStyle().ForegroundColor(ansi.Yellow),
	styleBad:      ansi.NewStyle().ForegroundColor(ansi.Red),
}

// lineSink writes text line by line: it stamps each line's start, applies
// Include/Exclude to whole lines and colours. Text may arrive in pieces (a
// streaming part); without line filters each piece is written at once, with
// them a line is held until it ends.
type lineSink struct {
	w      *bufio.Writer
	o      LineOptions
	open   bool      // a line has started and not ended
	at     time.Time // when the open line started
	pieces []piece   // the open line, held while lines are filtered
}

type piece struct {
	st   style
	text string
}

func newLineSink(w *bufio.Writer, o LineOptions) *lineSink {
	if o.Now == nil {
		o.Now = time.Now
	}
	return &lineSink{w: w, o: o}
}

// line ends any open line and writes text as whole lines.
func (s *lineSink) line(st style, text string, at time.Time) {
	s.end()
	s.write(st, text+"\n", at)
}

// write continues the open line with text, which may hold newlines.
func (s *lineSink) write(st style, text string, at time.Time) {
	for {
		chunk, rest, newline := strings.Cut(text, "\n")
		if chunk != "" || newline {
			s.piece(st, chunk, at)
		}
		if !newline {
			return
		}
		s.endLine()
		text = rest
	}
}

// end finishes an open line.
func (s *lineSink) end() {
	if s.open {
		s.endLine()
	}
}

func (s *lineSink) piece(st style, text string, at time.Time) {
	if !s.open {
		s.open, s.at, s.pieces = true, at, s.pieces[:0]
		if s.at.IsZero() {
			s.at = s.o.Now()
		}
		if !s.o.Filter.FiltersLines() {
			s.stamp()
		}
	}
	if s.o.Filter.FiltersLines() {
		s.pieces = append(s.pieces, piece{st, text})
		return
	}
	s.styled(st, text)
}

func (s *lineSink) endLine() {
	s.open = false
	if !s.o.Filter.FiltersLines() {
		s.w.WriteByte('\n')
		return
	}
	var b strings.Builder
	for _, p := range s.pieces {
		b.WriteString(p.text)
	}
	if !s.o.Filter.ShowLine(b.String()) {
		return
	}
	s.stamp()
	for _, p := range s.pieces {
		s.styled(p.st, p.text)
	}
	s.w.WriteByte('\n')
}

func (s *lineSink) stamp() {
	var ts string
	switch s.o.Timestamps {
	case TimestampsShort:
		ts = s.at.Local().Format("15:04:05")
	case TimestampsRFC3339:
		ts = s.at.Local().Format("2006-01-02T15:04:05.000Z07:00")
	default:
		return
	}
	s.styled(styleDim, ts)
	s.w.WriteByte(' ')
}

func (s *lineSink) styled(st style, text string) {
	if text == "" {
		return
	}
	if s.o.Color {
		if code, ok := sgr[st]; ok {
			text = code.Styled(text)
		}
	}
	s.w.WriteString(text)
}
