package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"sync"
	"testing"
	"time"

	tea "charm.land/bubbletea/v2"
	"github.com/charmbracelet/x/ansi"

	"github.com/dstail/dstail/demo"
	"github.com/dstail/dstail/feed"
	"github.com/dstail/dstail/opencode"
	"github.com/dstail/dstail/reconcile"
	"github.com/dstail/dstail/tui"
)

// liveRun is one follow of the demo server, written as --json and as
// --plain from the same batches, and fed to a view like the live TUI.
type liveRun struct {
	json, plain bytes.Buffer
	view        *viewDriver
	retried     bool
}

// viewDriver feeds a view as a tea.Program would, keeping the pending
// frame tick so a test can run it: views lay out on the frame tick.
type viewDriver struct {
	m       tea.Model
	pending tea.Cmd
}

func (d *viewDriver) send(msg tea.Msg) {
	if _, cmd := d.m.Update(msg); cmd != nil {
		d.pending = cmd
	}
}

// frame runs the pending tick and returns the screen after it.
func (d *viewDriver) frame() string {
	if cmd := d.pending; cmd != nil {
		d.pending = nil
		d.send(cmd())
	}
	return d.m.View().Content
}

var viewClock = time.Date(2026, 1, 2, 3, 4, 5, 0, time.UTC)

func newTestView() *viewDriver {
	d := &viewDriver{m: tui.NewTabs(tui.Options{Server: "capture", Now: func() time.Time { return viewClock }, Color: true})}
	d.send(tea.WindowSizeMsg{Width: 100, Height: 60})
	return d
}

// followDemo follows the whole recorded session, through its outage, and
// stops once the replay is over and the client has been quiet a moment.
func followDemo(t *testing.T) *liveRun {
	t.Helper()
	srv, err := demo.Start(demo.Options{Speed: 40, Lead: -1})
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { _ = srv.Close() })
	run := &liveRun{view: newTestView()}
	writeJSON, writePlain := sessionWriter(true, &run.json), sessionWriter(false, &run.plain)
	ctx, cancel := context.WithTimeout(context.Background(), 60*time.Second)
	defer cancel()
	var mu sync.Mutex
	quiet := time.AfterFunc(time.Hour, cancel)
	go func() {
		<-srv.Done()
		quiet.Reset(time.Second)
	}()
	opts := opencode.SessionOptions{Server: srv.URL(), Session: srv.Session(), OnState: func(s feed.State) {
		mu.Lock()
		run.retried = run.retried || s.Phase == feed.PhaseRetrying
		mu.Unlock()
	}}
	err = opencode.FollowSession(ctx, opts, func(evs []reconcile.Event, m *reconcile.Model) error {
		quiet.Reset(time.Second)
		run.view.send(tui.NewSessionMsg(m, evs))
		if err := writeJSON(evs, m); err != nil {
			return err
		}
		return writePlain(evs, m)
	})
	if !errors.Is(err, context.Canceled) {
		t.Fatalf("follow ended with %v before the replay was over", err)
	}
	select {
	case <-srv.Done():
	default:
		t.Fatal("the follow stopped before the replay was over")
	}
	mu.Lock()
	defer mu.Unlock()
	if !run.retried {
		t.Error("the follow never reconnected; the demo must drop the connection once")
	}
	return run
}

// TestReplayEqualsTheLiveRun checks --replay against the run it came from:
// the same --plain lines, the same --json records, and the same view.
func TestReplayEqualsTheLiveRun(t *testing.T) {
	live := followDemo(t)
	path := filepath.Join(t.TempDir(), "live.ndjson")
	if err := os.WriteFile(path, live.json.Bytes(), 0o600); err != nil {
		t.Fatal(err)
	}
	code, plain, errb := runCLI(t, "--replay", path, "--plain")
	if code != exitOK || plain != live.plain.String() {
		t.Errorf("--replay --plain: exit %d, stderr %q\n--- replay\n%s\n--- live\n%s", code, errb, plain, live.plain.String())
	}
	code, records, _ := runCLI(t, "--replay", path, "--json")
	if code != exitOK || records != live.json.String() {
		t.Errorf("--replay --json: exit %d; the records differ from the capture", code)
	}

	f, err := os.Open(path)
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	c, err := readCapture(f, path, 64<<20)
	if err != nil {
		t.Fatal(err)
	}
	replayed := newTestView()
	for _, msg := range c.viewMsgs() {
		replayed.send(msg)
	}
	conn := tui.ConnMsg{State: feed.State{Note: "replay, no network"}}
	live.view.send(conn)
	replayed.send(conn)
	// The connection line shows the live run's resume seq, which a capture
	// does not carry (only events replayed from sync history have a seq).
	got, want := withoutLine(replayed.frame(), conn.State.Note), withoutLine(live.view.frame(), conn.State.Note)
	if got != want {
		t.Errorf("the replayed view differs from the live one:\n--- replay\n%s\n--- live\n%s", got, want)
	}
	if plain := ansi.Strip(want); !strings.Contains(plain, "How dstail keeps a session exact") || !strings.Contains(plain, "bash") {
		t.Errorf("the live view lacks the answer; the comparison proves little:\n%s", want)
	}
}

// withoutLine drops the screen lines containing marker.
func withoutLine(screen, marker string) string {
	var keep []string
	for _, line := range strings.Split(screen, "\n") {
		if !strings.Contains(line, marker) {
			keep = append(keep, line)
		}
	}
	return strings.Join(keep, "\n")
}
