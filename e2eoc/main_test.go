package e2eoc

import (
	"fmt"
	"os"
	"sync"
	"testing"
	"time"

	"github.com/dstail/dstail/internal/testbin"

	"github.com/dstail/dstail/internal/ocpeer"
)

// dstailBin is the binary under test, built with -race once by TestMain.
var dstailBin string

// The shared OpenCode server serves every test that neither restarts it nor
// needs special options; it starts on first use.
var (
	sharedOnce sync.Once
	shared     *ocpeer.Server
	sharedErr  error
)

// sharedMock keeps the built-in scenarios short: a turn takes well under a
// second, a slow answer a few seconds.
var sharedMock = ocpeer.MockConfig{
	WordDelay: 10 * time.Millisecond,
	SlowWords: 60,
	SlowDelay: 50 * time.Millisecond,
}

// The long scenario streams for about 4 s, so that a reader can be killed
// and restarted, or a link cut, well before the answer ends.
const (
	longScenario = "long"
	longWords    = 100
	longDelay    = 40 * time.Millisecond
)

var longText = ocpeer.SlowText(longWords)

// Projects of the shared server. Files changed in a project during a turn
// show up in the turn's summary (the user message's summary.diffs) of
// every session of that project, so tests that change files get their own.
const (
	projectMain  = iota // most tests
	projectTools        // the tool scenario writes a file
	projectEdits        // a file is changed during a turn
	projectCount
)

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	bin, cleanup, err := testbin.Build("dstail-e2eoc-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2eoc:", err)
		return 1
	}
	defer cleanup()
	dstailBin = bin
	code := m.Run()
	if shared != nil {
		if err := shared.Close(); err != nil {
			fmt.Fprintln(os.Stderr, "e2eoc: close shared server:", err)
			code = max(code, 1)
		}
	}
	return code
}

// sharedServer returns the package's OpenCode server; a failed test gets
// the server's log tail.
func sharedServer(t *testing.T) *ocpeer.Server {
	t.Helper()
	sharedOnce.Do(func() {
		shared, sharedErr = ocpeer.Launch(ocpeer.WithMockConfig(sharedMock), ocpeer.WithExtraProjects(projectCount-1))
		if sharedErr == nil {
			shared.Mock.Script(longScenario, func(ocpeer.Request, int) ocpeer.Response {
				return ocpeer.Text(longText, longDelay)
			})
		}
	})
	if sharedErr != nil {
		t.Fatal(sharedErr)
	}
	t.Cleanup(func() {
		if t.Failed() {
			t.Logf("opencode log tail:\n%s", shared.LogTail(60))
		}
	})
	return shared
}
