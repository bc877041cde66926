package output

import (
	"bufio"
	"bytes"
	"os"
	"strings"
	"testing"

	"github.com/dstail/dstail/reconcile"
)

// subagentRun replays the captured subagent turn: each frame as its own
// batch, in the server's order, with the model of its session.
type subagentBatch struct {
	session string
	events  []reconcile.Event
	model   *reconcile.Model
}

func subagentRun(t *testing.T) []subagentBatch {
	t.Helper()
	data, err := os.ReadFile("../reconcile/testdata/opencode-1.18.33/n-subagent.global.sse")
	if err != nil {
		t.Fatal(err)
	}
	models := map[string]*reconcile.Model{}
	var out []subagentBatch
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		line, ok := strings.CutPrefix(sc.Text(), "data: ")
		if !ok {
			continue
		}
		ev, _, err := reconcile.DecodeFrame([]byte(line))
		if err != nil || ev.Session == "" {
			continue
		}
		if models[ev.Session] == nil {
			models[ev.Session] = reconcile.New(ev.Session)
		}
		if models[ev.Session].Apply(ev) {
			out = append(out, subagentBatch{ev.Session, []reconcile.Event{ev}, models[ev.Session]})
		}
	}
	return out
}

// TestOneSessionLinesStayBareUntilAChildPrints: a session followed with its
// children prints exactly what it prints alone until its child prints;
// from then on every line names its session.
func TestOneSessionLinesStayBareUntilAChildPrints(t *testing.T) {
	run := subagentRun(t)
	parent := run[0].session
	var got, alone bytes.Buffer
	sink := NewSink(&got, SinkOptions{})
	write, closeWriter := sink.Session, sink.Close
	single := NewSessionLinesWith(&alone, LineOptions{}).WriteEvents
	childAt := -1
	for i, b := range run {
		if b.session != parent && childAt < 0 {
			childAt = i
			if err := closeWriter(); err != nil { // flush what came before
				t.Fatal(err)
			}
			if got.String() != alone.String() || got.Len() == 0 {
				t.Fatalf("before the child printed, the output differs from following the session alone:\n--- got\n%s\n--- alone\n%s", got.String(), alone.String())
			}
		}
		if err := write(b.session, b.events, b.model); err != nil {
			t.Fatal(err)
		}
		if b.session == parent && childAt < 0 {
			if err := single(b.events, b.model); err != nil {
				t.Fatal(err)
			}
		}
	}
	if err := closeWriter(); err != nil {
		t.Fatal(err)
	}
	if childAt < 0 {
		t.Fatal("the capture has no child session events")
	}
	rest := strings.TrimPrefix(got.String(), alone.String())
	labels := map[string]bool{}
	for _, l := range strings.Split(strings.TrimSuffix(rest, "\n"), "\n") {
		label, _, ok := strings.Cut(l, "] ")
		if !ok || !strings.HasPrefix(label, "[") {
			t.Fatalf("after the child printed, a line without a label: %q", l)
		}
		labels[strings.TrimPrefix(label, "[")] = true
	}
	if !labels[SessionLabel(parent)] || len(labels) != 2 {
		t.Errorf("labels %v: want the parent's and the child's", labels)
	}
}

// TestBareWriterEndsAnOpenLine: text streamed without a newline is ended
// before the first labelled line.
func TestBareWriterEndsAnOpenLine(t *testing.T) {
	var out bytes.Buffer
	p := NewPrefixer(&out, false)
	b := &bareWriter{w: &out, labelled: p.Writer("ses_parent01")}
	b.Write([]byte("done\nstreaming wor"))
	if err := b.label(); err != nil {
		t.Fatal(err)
	}
	b.Write([]byte("ds\n"))
	p.Close()
	if want := "done\nstreaming wor\n[parent01] ds\n"; out.String() != want {
		t.Fatalf("got %q, want %q", out.String(), want)
	}
}
