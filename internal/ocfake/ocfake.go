// Package ocfake serves captured OpenCode sessions (the reconcile
// fixtures) over HTTP, for tests of the OpenCode transport and follower.
package ocfake

import (
	"bufio"
	"bytes"
	"encoding/json"
	"fmt"
	"net/http"
	"os"
	"path/filepath"
	"runtime"
	"strings"
	"sync"
	"testing"
)

// Fixtures is the directory of the OpenCode 1.18.33 captures.
var Fixtures = func() string {
	_, file, _, _ := runtime.Caller(0)
	return filepath.Join(filepath.Dir(file), "..", "..", "reconcile", "testdata", "opencode-1.18.33")
}()

// ReadFixture reads one capture file.
func ReadFixture(t testing.TB, name string) []byte {
	t.Helper()
	data, err := os.ReadFile(filepath.Join(Fixtures, name))
	if err != nil {
		t.Fatal(err)
	}
	return data
}

// SSEData is the data lines of a captured event stream.
func SSEData(data []byte) []string {
	var frames []string
	sc := bufio.NewScanner(bytes.NewReader(data))
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		if line, ok := strings.CutPrefix(sc.Text(), "data: "); ok {
			frames = append(frames, line)
		}
	}
	return frames
}

// SessionOf is the id of a captured session object.
func SessionOf(t testing.TB, raw []byte) string {
	t.Helper()
	var s struct{ ID string }
	if err := json.Unmarshal(raw, &s); err != nil || s.ID == "" {
		t.Fatalf("fixture session: %v", err)
	}
	return s.ID
}

// Multi serves a captured scenario with several sessions: the global
// event stream as captured, and per session the captured REST answers.
type Multi struct {
	t        testing.TB
	Frames   []string
	Rest     map[string]string // session id → fixture name prefix
	Listed   []string          // sessions GET /experimental/session names
	Children map[string][]string
	Status   []byte // GET /session/status answer ({} when nil)
	// DirFrames, when set, are served on /event?directory= and the server
	// has no /global/event (an older server).
	DirFrames []string
	Calls
}

// Calls counts the requests a fake answered, by path.
type Calls struct {
	mu    sync.Mutex
	calls map[string]int
}

// Record counts r.
func (c *Calls) Record(r *http.Request) {
	c.mu.Lock()
	defer c.mu.Unlock()
	if c.calls == nil {
		c.calls = map[string]int{}
	}
	c.calls[r.URL.Path]++
}

// Count is how many requests path had.
func (c *Calls) Count(path string) int {
	c.mu.Lock()
	defer c.mu.Unlock()
	return c.calls[path]
}

// NewMulti loads scenario; names are the fixture's REST names (A1, or ""
// for the unnamed session) to be served. It returns their session ids.
func NewMulti(t testing.TB, scenario string, names ...string) (*Multi, []string) {
	t.Helper()
	f := &Multi{t: t, Rest: map[string]string{}, Children: map[string][]string{}}
	f.Frames = SSEData(ReadFixture(t, scenario+".global.sse"))
	var ids []string
	for _, name := range names {
		prefix := scenario + ".rest."
		if name != "" {
			prefix += name + "."
		}
		id := SessionOf(t, ReadFixture(t, prefix+"session.json"))
		f.Rest[id] = prefix
		ids = append(ids, id)
	}
	return f, ids
}

func (f *Multi) ServeHTTP(w http.ResponseWriter, r *http.Request) {
	f.Record(r)
	id, rest, _ := strings.Cut(strings.TrimPrefix(r.URL.Path, "/session/"), "/")
	frames := f.Frames
	switch {
	case r.URL.Path == "/global/event" && f.DirFrames == nil, r.URL.Path == "/event" && f.DirFrames != nil:
		if f.DirFrames != nil {
			frames = f.DirFrames
		}
		w.Header().Set("Content-Type", "text/event-stream")
		for _, frame := range frames {
			fmt.Fprintf(w, "data: %s\n\n", frame)
		}
		w.(http.Flusher).Flush()
		<-r.Context().Done()
	case r.URL.Path == "/experimental/session":
		w.Write(f.sessionArray(f.Listed))
	case r.URL.Path == "/session/status" && f.Status != nil:
		w.Write(f.Status)
	case r.URL.Path == "/session/status":
		w.Write([]byte("{}"))
	case r.URL.Path == "/permission", r.URL.Path == "/question":
		w.Write([]byte("[]"))
	case f.Rest[id] != "" && rest == "":
		w.Write(ReadFixture(f.t, f.Rest[id]+"session.json"))
	case f.Rest[id] != "" && rest == "message":
		w.Write(ReadFixture(f.t, f.Rest[id]+"messages.json"))
	case f.Rest[id] != "" && rest == "children":
		w.Write(f.sessionArray(f.Children[id]))
	default:
		http.NotFound(w, r)
	}
}

func (f *Multi) sessionArray(ids []string) []byte {
	var out []json.RawMessage
	for _, id := range ids {
		out = append(out, ReadFixture(f.t, f.Rest[id]+"session.json"))
	}
	data, _ := json.Marshal(append([]json.RawMessage{}, out...))
	return data
}
