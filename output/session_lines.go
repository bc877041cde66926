package output

import (
	"bufio"
	"encoding/json"
	"fmt"
	"io"
	"strings"
	"time"

	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/sanitize"
)

// SessionLines prints an OpenCode session as readable lines: a header per
// message, text and reasoning as they stream, tool calls as their state
// changes, status and errors. All server text is sanitised.
type SessionLines struct {
	w         *bufio.Writer
	streaming string            // part whose text is being written inline
	streamed  map[string]bool   // parts whose text went out as deltas
	messages  map[string]bool   // messages whose header was printed
	tools     map[string]string // last printed status per tool part
	status    string
	title     string
}

// NewSessionLines writes to w; WriteEvents flushes once per call.
func NewSessionLines(w io.Writer) *SessionLines {
	return &SessionLines{
		w:        bufio.NewWriterSize(w, 16<<10),
		streamed: map[string]bool{}, messages: map[string]bool{}, tools: map[string]string{},
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
	case reconcile.TypePartUpdated:
		s.part(p.Part)
	case reconcile.TypePartDelta:
		s.delta(p)
	case reconcile.TypeSessionStatus:
		s.sessionStatus(p.Status)
	case reconcile.TypeSessionError:
		if p.Error != nil {
			s.line("✗ session error: " + errorText(p.Error))
		}
	case reconcile.TypePermissionAsked:
		s.line("? permission requested: " + sanitize.Line(p.Permission) + " " + sanitize.Line(strings.Join(p.Patterns, " ")))
	case reconcile.TypeSessionUpdated, reconcile.TypeSessionCreated:
		if p.Info.Title != "" && m != nil {
			if st := m.State(); st.Session != nil && st.Session.Title == p.Info.Title && p.Info.Title != s.title {
				s.title = p.Info.Title
				s.line("# " + sanitize.Line(p.Info.Title))
			}
		}
	}
}

// props is the union of the property shapes printed here.
type props struct {
	Info       info       `json:"info"`
	Part       part       `json:"part"`
	PartID     string     `json:"partID"`
	Field      string     `json:"field"`
	Delta      string     `json:"delta"`
	Status     status     `json:"status"`
	Error      *errorInfo `json:"error"`
	Permission string     `json:"permission"`
	Patterns   []string   `json:"patterns"`
}

type info struct {
	ID         string     `json:"id"`
	Role       string     `json:"role"`
	Title      string     `json:"title"`
	Agent      string     `json:"agent"`
	ProviderID string     `json:"providerID"`
	ModelID    string     `json:"modelID"`
	Error      *errorInfo `json:"error"`
}

type errorInfo struct {
	Name string `json:"name"`
	Data struct {
		Message string `json:"message"`
	} `json:"data"`
}

type status struct {
	Type    string `json:"type"`
	Attempt int    `json:"attempt"`
	Message string `json:"message"`
	Next    int64  `json:"next"`
}

type part struct {
	ID        string          `json:"id"`
	MessageID string          `json:"messageID"`
	Type      string          `json:"type"`
	Text      string          `json:"text"`
	Tool      string          `json:"tool"`
	State     toolState       `json:"state"`
	Reason    string          `json:"reason"`
	Cost      float64         `json:"cost"`
	Files     []string        `json:"files"`
	Filename  string          `json:"filename"`
	Time      json.RawMessage `json:"time"`
}

type toolState struct {
	Status string          `json:"status"`
	Title  string          `json:"title"`
	Input  json.RawMessage `json:"input"`
	Error  string          `json:"error"`
}

func (s *SessionLines) message(in info) {
	if in.ID == "" {
		return
	}
	if !s.messages[in.ID] {
		s.messages[in.ID] = true
		head := "── " + sanitize.Line(in.Role)
		if in.Role == "assistant" && in.ModelID != "" {
			head += " · " + sanitize.Line(in.ProviderID+"/"+in.ModelID)
		}
		s.line(head + " ──")
	}
	if in.Error != nil && !s.messages[in.ID+"/error"] {
		s.messages[in.ID+"/error"] = true
		s.line("✗ " + errorText(in.Error))
	}
}

func (s *SessionLines) part(p part) {
	switch p.Type {
	case "text", "reasoning":
		ended := strings.Contains(string(p.Time), `"end"`)
		if s.streamed[p.ID] {
			if ended && s.streaming == p.ID {
				s.endInline()
			}
			return
		}
		if p.Text != "" && (ended || p.Type == "text" && len(p.Time) == 0) {
			s.line(kindPrefix(p.Type) + sanitize.Text(p.Text))
		}
	case "tool":
		if p.State.Status == s.tools[p.ID] {
			return
		}
		s.tools[p.ID] = p.State.Status
		s.line(toolLine(p))
	case "step-finish":
		s.line(fmt.Sprintf("· step finished: %s, cost %.4f", sanitize.Line(p.Reason), p.Cost))
	case "patch":
		s.line(fmt.Sprintf("± patch: %d file(s) %s", len(p.Files), sanitize.Line(strings.Join(p.Files, " "))))
	case "file":
		s.line("📎 file: " + sanitize.Line(p.Filename))
	}
}

func (s *SessionLines) delta(p props) {
	if p.PartID == "" || p.Delta == "" {
		return
	}
	if s.streaming != p.PartID {
		s.endInline()
		s.streaming = p.PartID
		s.streamed[p.PartID] = true
	}
	s.w.WriteString(sanitize.Text(p.Delta))
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
	s.line("● " + sanitize.Line(text))
}

// line ends any inline text and writes one line.
func (s *SessionLines) line(text string) {
	s.endInline()
	s.w.WriteString(text)
	s.w.WriteByte('\n')
}

func (s *SessionLines) endInline() {
	if s.streaming != "" {
		s.w.WriteByte('\n')
		s.streaming = ""
	}
}

func kindPrefix(kind string) string {
	if kind == "reasoning" {
		return "(thinking) "
	}
	return ""
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
