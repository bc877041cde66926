package output

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"sort"
	"strings"
	"time"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
)

// SessionLines prints an OpenCode session as readable lines: a header per
// message, text and reasoning as they stream, tool calls as their state
// changes, status and errors. All server text is sanitised. LineOptions
// choose part kinds, filter lines, add time stamps and colour.
type SessionLines struct {
	w         *bufio.Writer
	out       *lineSink
	filter    Filter
	streaming string                      // part whose text is being written inline
	streamed  map[string]bool             // parts whose text went out as deltas
	printed   map[string]*strings.Builder // text written so far per streamed part
	kinds     map[string]string           // part type by part ID, for deltas
	starts    map[string]int64            // part start times (ms) by part ID, for deltas
	messages  map[string]bool             // messages whose header was printed
	// unfinished are assistant messages printed but not finished yet: a
	// server crash leaves one so forever, which is said once (interrupted).
	unfinished map[string]bool
	tools      map[string]string // last printed status per tool part
	toolLines  int               // LineOptions.ToolLines
	status     string
	title      string
	// latest is the newest time (ms) the session's data carried. A line of
	// its own without a time (a status, a title) is stamped with it, so a
	// replay of a capture stamps every line exactly as the live run did.
	latest int64
}

// NewSessionLines writes to w; WriteEvents flushes once per call.
func NewSessionLines(w io.Writer) *SessionLines {
	return NewSessionLinesWith(w, LineOptions{})
}

// NewSessionLinesWith writes to w as o says.
func NewSessionLinesWith(w io.Writer, o LineOptions) *SessionLines {
	bw := bufio.NewWriterSize(w, 16<<10)
	return &SessionLines{
		w: bw, out: newLineSink(bw, o), filter: o.Filter, toolLines: o.ToolLines,
		streamed: map[string]bool{}, printed: map[string]*strings.Builder{}, kinds: map[string]string{}, starts: map[string]int64{},
		messages: map[string]bool{}, tools: map[string]string{}, unfinished: map[string]bool{},
	}
}

// WriteEvents prints what the events change and flushes.
func (s *SessionLines) WriteEvents(events []reconcile.Event, m *reconcile.Model) error {
	for i := range events {
		s.event(&events[i], m)
	}
	return s.w.Flush()
}

func (s *SessionLines) event(ev *reconcile.Event, m *reconcile.Model) {
	var p props
	_ = json.Unmarshal(ev.Data, &p)
	switch ev.Type {
	case reconcile.TypeMessageUpdated:
		s.message(p.Info)
		s.noteInterrupted(m)
	case reconcile.TypePartUpdated:
		s.part(p.Part)
	case reconcile.TypePartDelta:
		s.delta(p)
	case reconcile.TypeSessionStatus:
		s.sessionStatus(p.Status)
		s.noteInterrupted(m)
	case reconcile.TypeSessionError:
		if p.Error != nil {
			s.line(styleBad, "✗ session error: "+errorText(p.Error), 0)
		}
	case reconcile.TypePermissionAsked:
		s.line(styleBusy, "? permission requested: "+sanitize.Line(p.Permission)+" "+sanitize.Line(strings.Join(p.Patterns, " ")), 0)
	case reconcile.TypeSessionUpdated, reconcile.TypeSessionCreated:
		s.saw(p.Info.Time.Created)
		if p.Info.Title != "" && m != nil {
			if st := m.State(); st.Session != nil && st.Session.Title == p.Info.Title && p.Info.Title != s.title {
				s.title = p.Info.Title
				s.line(styleHeader, "# "+sanitize.Line(p.Info.Title), 0)
			}
		}
	}
}

func (s *SessionLines) message(in info) {
	if in.ID == "" {
		return
	}
	s.saw(in.Time.Created)
	if !s.messages[in.ID] {
		s.messages[in.ID] = true
		head := "── " + sanitize.Line(in.Role)
		if in.Role == "assistant" && in.ModelID != "" {
			head += " · " + sanitize.Line(in.ProviderID+"/"+in.ModelID)
		}
		s.line(styleHeader, head+" ──", in.Time.Created)
	}
	if in.Role == "assistant" && in.Time.Completed == 0 && in.Error == nil && !s.messages[in.ID+"/interrupted"] {
		s.unfinished[in.ID] = true
	}
	if in.Error != nil && !s.messages[in.ID+"/error"] {
		s.messages[in.ID+"/error"] = true
		s.line(styleBad, "✗ "+errorText(in.Error), 0)
	}
}

func (s *SessionLines) part(p part) {
	var t span
	_ = json.Unmarshal(p.Time, &t)
	s.saw(t.Start)
	s.saw(t.End)
	s.saw(p.State.Time.Start)
	s.saw(p.State.Time.End)
	if p.ID != "" {
		s.kinds[p.ID] = p.Type
		if t.Start > 0 {
			s.starts[p.ID] = t.Start
		}
	}
	if !s.filter.ShowPart(p.Type) {
		return
	}
	switch p.Type {
	case "text", "reasoning":
		ended := t.End > 0 || strings.Contains(string(p.Time), `"end"`)
		if s.streamed[p.ID] {
			if ended {
				s.finishStreamed(p, t.Start)
			}
			return
		}
		if p.Text != "" && (ended || p.Type == "text" && len(p.Time) == 0) {
			s.line(kindStyle(p.Type), kindPrefix(p.Type)+sanitize.Text(p.Text), t.Start)
		}
	case "tool":
		// One line per call, when it ends: its name, input and state, then
		// the head of its output.
		done := p.State.Status == "completed" || p.State.Status == "error"
		if !done || s.tools[p.ID] == p.State.Status {
			return
		}
		s.tools[p.ID] = p.State.Status
		st := stylePlain
		if p.State.Status == "error" {
			st = styleBad
		}
		s.line(st, toolLine(p), p.State.Time.End)
		lines := strings.Split(strings.TrimRight(p.State.Output, "\n"), "\n")
		if p.State.Output == "" {
			lines = nil
		}
		head := min(len(lines), ToolHeadLines(s.toolLines))
		for _, l := range lines[:head] {
			s.line(styleDim, "  │ "+truncateRunes(sanitize.Line(l), 160), 0)
		}
		if rest := len(lines) - head; rest > 0 {
			s.line(styleDim, fmt.Sprintf("  └ %d more line(s)", rest), 0)
		}
	case "step-finish":
		s.line(styleDim, fmt.Sprintf("· step finished: %s, cost %.4f", sanitize.Line(p.Reason), p.Cost), 0)
	case "patch":
		s.line(styleDim, fmt.Sprintf("± patch: %d file(s) %s", len(p.Files), sanitize.Line(strings.Join(p.Files, " "))), 0)
	case "file":
		s.line(styleDim, "📎 file: "+sanitize.Line(p.Filename), 0)
	}
}

// delta writes streamed text inline as it arrives. A part whose type is not
// known yet (its first update was missed) counts as text.
func (s *SessionLines) delta(p props) {
	if p.PartID == "" || p.Delta == "" {
		return
	}
	kind := s.kinds[p.PartID]
	if kind == "" {
		kind = "text"
	}
	if !s.filter.ShowPart(kind) {
		return
	}
	if s.streaming != p.PartID {
		s.endInline()
		s.streaming = p.PartID
		s.streamed[p.PartID] = true
		s.out.write(kindStyle(kind), kindPrefix(kind), ms(s.startOf(p.PartID)))
	}
	s.out.write(kindStyle(kind), sanitize.Text(p.Delta), ms(s.startOf(p.PartID)))
	b := s.printed[p.PartID]
	if b == nil {
		b = &strings.Builder{}
		s.printed[p.PartID] = b
	}
	b.WriteString(p.Delta)
}

// startOf is when a part started, or the newest time seen when its start
// is not known.
func (s *SessionLines) startOf(partID string) int64 {
	if t := s.starts[partID]; t > 0 {
		return t
	}
	return s.latest
}

// finishStreamed checks a streamed part against its final text. Deltas sent
// while the connection was down are never replayed, so what the final text
// holds beyond what was printed is appended while the part's line is still
// open; once other lines came between, or if the two disagree, the whole
// text is written again, marked, rather than lose any of it.
func (s *SessionLines) finishStreamed(p part, start int64) {
	var got string
	if b := s.printed[p.ID]; b != nil {
		got = b.String()
	}
	delete(s.printed, p.ID)
	switch {
	case strings.HasPrefix(got, p.Text):
		// all of it is out (the final text may drop trailing space)
	case s.streaming == p.ID && strings.HasPrefix(p.Text, got):
		s.out.write(kindStyle(p.Type), sanitize.Text(p.Text[len(got):]), ms(start))
	default:
		s.line(kindStyle(p.Type), kindPrefix(p.Type)+"↻ "+sanitize.Text(p.Text), start)
	}
	if s.streaming == p.ID {
		s.endInline()
	}
}

func (s *SessionLines) sessionStatus(st status) {
	text := st.Type
	if st.Type == "retry" {
		text = fmt.Sprintf("retry %d: %s", st.Attempt, sanitize.Line(st.Message))
		if st.Next > 0 {
			text += fmt.Sprintf(" (next at %s)", time.UnixMilli(st.Next).Format("15:04:05"))
		}
	}
	if text == s.status || text == "" {
		return
	}
	s.status = text
	s.line(styleDim, "● "+sanitize.Line(text), 0)
}

// line ends any inline text and writes one line; at is Unix ms, 0 for the
// newest time the data carried (or now, before any).
func (s *SessionLines) line(st style, text string, at int64) {
	s.streaming = ""
	if at <= 0 {
		at = s.latest
	}
	s.out.line(st, text, ms(at))
}

// saw notes a time the session's data carried.
func (s *SessionLines) saw(t int64) { s.latest = max(s.latest, t) }

func (s *SessionLines) endInline() {
	if s.streaming != "" {
		s.out.end()
		s.streaming = ""
	}
}

func ms(t int64) time.Time {
	if t <= 0 {
		return time.Time{}
	}
	return time.UnixMilli(t)
}

func kindPrefix(kind string) string {
	if kind == "reasoning" {
		return "(thinking) "
	}
	return ""
}

func kindStyle(kind string) style {
	if kind == "reasoning" {
		return styleThinking
	}
	return stylePlain
}

func toolLine(p part) string {
	mark := map[string]string{"pending": "…", "running": "▸", "completed": "✓", "error": "✗"}[p.State.Status]
	if mark == "" {
		mark = "?"
	}
	line := mark + " " + sanitize.Line(p.Tool)
	if p.State.Title != "" {
		line += " · " + sanitize.Line(p.State.Title)
	} else if len(p.State.Input) > 2 {
		line += " " + truncateRunes(sanitize.Line(string(p.State.Input)), 80)
	}
	if p.State.Error != "" {
		line += " · " + truncateRunes(sanitize.Line(p.State.Error), 120)
	}
	return line
}

func errorText(e *errorInfo) string {
	if e.Data.Message == "" {
		return sanitize.Line(e.Name)
	}
	return sanitize.Line(e.Name + ": " + e.Data.Message)
}

func truncateRunes(s string, n int) string {
	r := []rune(s)
	if len(r) <= n {
		return s
	}
	return string(r[:n]) + "…"
}

// noteInterrupted says, once per message, that an assistant message the
// output showed will never finish: the model marks it interrupted (the
// session went idle without an error, or a later assistant message began).
// It looks only at unfinished messages, so it costs nothing once they end.
func (s *SessionLines) noteInterrupted(m *reconcile.Model) {
	if m == nil || len(s.unfinished) == 0 {
		return
	}
	idle := m.Status().Type == "idle" && m.Header().Error == nil
	last, _ := m.LastMessage()
	ids := make([]string, 0, len(s.unfinished))
	for id := range s.unfinished {
		ids = append(ids, id)
	}
	sort.Strings(ids)
	for _, id := range ids {
		msg, ok := m.MessageInfo(id)
		switch {
		case !ok || msg.Completed > 0 || msg.Error != nil:
			delete(s.unfinished, id)
		case idle || last.Role == "assistant" && last.ID > id:
			delete(s.unfinished, id)
			s.messages[id+"/interrupted"] = true
			s.line(styleBad, "⚠ interrupted: the server stopped before this message finished", 0)
		}
	}
}
