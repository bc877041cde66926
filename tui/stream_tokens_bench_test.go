package tui

import (
	"fmt"
	"strings"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/cputime"
	"github.com/dstail/dstail/reconcile"
)

// streamedAnswer is an assistant answer of about n tokens as a model
// writes one: paragraphs, a heading now and then, lists and code fences,
// cut into the pieces a model streams (a word with its leading space, a
// line break, a fence marker).
func streamedAnswer(n int) []string {
	words := strings.Fields("the view keeps each part of the answer as it arrives and lays out only what " +
		"changed since the last frame so that a long answer costs no more per token than a short one " +
		"while `code spans` and **bold words** and _emphasis_ still render as Markdown")
	var toks []string
	word := func(i int) { toks = append(toks, " "+words[i%len(words)]) }
	for block := 0; len(toks) < n; block++ {
		switch block % 6 {
		case 2:
			toks = append(toks, "## Step", fmt.Sprintf(" %d", block), "\n\n")
		case 4:
			for item := range 4 {
				toks = append(toks, "-")
				for i := range 8 {
					word(block + item + i)
				}
				toks = append(toks, "\n")
			}
			toks = append(toks, "\n")
		case 5:
			toks = append(toks, "```go\n")
			for line := range 6 {
				toks = append(toks, "func", fmt.Sprintf(" f%d", line), "()", " {", " return", fmt.Sprintf(" %d", line), " }\n")
			}
			toks = append(toks, "```\n\n")
		default:
			toks = append(toks, "Here")
			for i := range 60 {
				word(block*7 + i)
			}
			toks = append(toks, ".\n\n")
		}
	}
	return toks[:n]
}

// streamTokensFrame is how many tokens arrive between two frame ticks.
// Bubble Tea calls View after every message; the layout follows on the
// frame tick (FrameRate a second). A model streaming 60-120 tokens a
// second gives 2-4 tokens a frame; 2 is near the worst case.
const streamTokensFrame = 2

// tokenStream is an answer of n tokens streamed into the session view as
// the program does: each token is a partial SessionMsg through Tabs.Update
// and a View, and every streamTokensFrame tokens a frame tick and a View.
// The session holds 20 earlier question/answer pairs and then a finished
// answer like the new one, so the screen is full of Markdown from the
// first token: a short answer is measured with a screen like the long
// one's, and the figures compare what the answer's length costs.
type tokenStream struct {
	texts []string // the part's text after each token
	head  reconcile.State
	msg   reconcile.Message
	prior reconcile.Message
}

func newTokenStream(n int) *tokenStream {
	s := &tokenStream{texts: make([]string, n),
		head: reconcile.State{Session: &reconcile.SessionInfo{ID: "ses_1", Title: "Fix the tests"},
			Status: reconcile.Status{Type: "busy"}},
		msg: reconcile.Message{ID: "msg_999999_b", Role: "assistant", Agent: "build", ProviderID: "mock",
			ModelID: "m1", Created: 3}}
	var sb strings.Builder
	for i, t := range streamedAnswer(n) {
		sb.WriteString(t)
		s.texts[i] = sb.String()
	}
	s.prior = s.msg
	s.prior.ID, s.prior.Completed = "msg_999998_b", 2
	s.prior.Parts = []reconcile.Part{{ID: "prt_prior", MessageID: s.prior.ID, Type: "text",
		Text: strings.Join(streamedAnswer(600), ""), Ended: true}}
	return s
}

// session is the view before the answer starts.
func (s *tokenStream) session(t testing.TB) *testView {
	m := newTestModel(t, 120, 40, 20)
	st := s.head
	st.Messages = []reconcile.Message{s.prior}
	m.Update(TabMsg{Session: "ses_1", SessionMsg: SessionMsg{State: st, Partial: true}})
	m.Update(frameTickMsg{})
	return m
}

// stream sends the first n tokens.
func (s *tokenStream) stream(t testing.TB, m *testView, n int) {
	for i := range n {
		msg := s.msg
		msg.Parts = []reconcile.Part{{ID: "prt_answer", MessageID: msg.ID, Type: "text", Text: s.texts[i]}}
		st := s.head
		st.Messages = []reconcile.Message{msg}
		m.Update(TabMsg{Session: "ses_1", SessionMsg: SessionMsg{State: st, Partial: true,
			Events: []reconcile.Event{{Type: reconcile.TypePartDelta}}}})
		_ = m.View()
		if i%streamTokensFrame == streamTokensFrame-1 || i == n-1 {
			m.Update(frameTickMsg{})
			if m.View().Content == "" {
				t.Fatal("empty frame")
			}
		}
	}
}

func streamTokens(b *testing.B, n int) {
	s := newTokenStream(n)
	// Once untimed: what the process sets up on first use (the syntax
	// highlighter's lexers, glamour's styles) is not per token.
	s.stream(b, s.session(b), min(n, 300))
	b.ReportAllocs()
	var cpu time.Duration
	for b.Loop() {
		b.StopTimer()
		m := s.session(b)
		b.StartTimer()
		start := cputime.Self()
		s.stream(b, m, n)
		cpu += cputime.Self() - start
	}
	b.ReportMetric(float64(cpu.Microseconds())/float64(b.N*n), "cpu-µs/token")
	b.ReportMetric(float64(b.Elapsed().Microseconds())/float64(b.N*n), "µs/token")
}

func BenchmarkStreamTokens(b *testing.B) {
	for _, n := range []int{500, 2000, 4000} {
		b.Run(fmt.Sprintf("tokens=%d", n), func(b *testing.B) { streamTokens(b, n) })
	}
}
