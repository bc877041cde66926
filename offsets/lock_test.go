package offsets

import (
	"bufio"
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/exec"
	"strings"
	"testing"
	"time"

	"github.com/gofrs/flock"
)

// helperDirEnv makes the test binary act as a second dstail holding a lock.
const helperDirEnv = "OFFSETS_TEST_LOCK_HOLDER_DIR"

var helperKey = Key{Server: "http://127.0.0.1:4437", Stream: "/v1/stream/locked"}

func TestMain(m *testing.M) {
	if dir := os.Getenv(helperDirEnv); dir != "" {
		os.Exit(holdLock(dir))
	}
	os.Exit(m.Run())
}

// holdLock opens helperKey, reports "locked", and keeps it until stdin closes.
func holdLock(dir string) int {
	sv, err := NewStore(dir).Open(helperKey)
	if err != nil {
		fmt.Println("error:", err)
		return 2
	}
	sv.Save(Position{Offset: "from-child"})
	if err := sv.Flush(); err != nil {
		fmt.Println("error:", err)
		return 2
	}
	fmt.Println("locked")
	_, _ = io.Copy(io.Discard, os.Stdin)
	if err := sv.Close(); err != nil {
		return 3
	}
	return 0
}

func TestSecondOpenIsLocked(t *testing.T) {
	st := newTestStore(t)
	k := mustKey(t, "http://h", "/s")
	first := mustOpen(t, st, k)

	_, err := st.Open(k)
	path, _ := st.Path(k)
	lockPath := strings.TrimSuffix(path, entrySuffix) + lockSuffix
	if !errors.Is(err, ErrLocked) || !strings.Contains(err.Error(), lockPath) {
		t.Fatalf("second Open err = %v, want ErrLocked naming %s", err, lockPath)
	}
	if err := st.Remove(k); !errors.Is(err, ErrLocked) {
		t.Fatalf("Remove of an open entry err = %v, want ErrLocked", err)
	}
	// Reading takes no lock.
	first.Save(Position{Offset: "1"})
	if err := first.Flush(); err != nil {
		t.Fatal(err)
	}
	if got := mustLoad(t, st, k); got.Offset != "1" {
		t.Fatalf("Load while locked = %+v", got)
	}
	if err := first.Close(); err != nil {
		t.Fatal(err)
	}
	mustOpen(t, st, k)
}

func TestLockHeldByAnotherHandle(t *testing.T) {
	st := newTestStore(t)
	k := mustKey(t, "http://h", "/s")
	if err := mustOpen(t, st, k).Close(); err != nil {
		t.Fatal(err)
	}
	path, _ := st.Path(k)
	other := flock.New(strings.TrimSuffix(path, entrySuffix) + lockSuffix)
	if ok, err := other.TryLock(); !ok || err != nil {
		t.Fatalf("TryLock: %v, %v", ok, err)
	}
	if _, err := st.Open(k); !errors.Is(err, ErrLocked) {
		t.Fatalf("Open err = %v, want ErrLocked", err)
	}
	if err := other.Close(); err != nil {
		t.Fatal(err)
	}
	mustOpen(t, st, k)
}

func TestLockHeldByAnotherProcess(t *testing.T) {
	tests := []struct {
		name    string
		release func(t *testing.T, cmd *exec.Cmd, stdin io.Closer)
	}{
		{"holder exits", func(t *testing.T, cmd *exec.Cmd, stdin io.Closer) {
			_ = stdin.Close()
			if err := cmd.Wait(); err != nil {
				t.Fatalf("holder: %v", err)
			}
		}},
		{"holder is killed", func(t *testing.T, cmd *exec.Cmd, _ io.Closer) {
			_ = cmd.Process.Kill()
			_ = cmd.Wait()
		}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			st := newTestStore(t)
			ctx, cancel := context.WithTimeout(context.Background(), 30*time.Second)
			defer cancel()
			cmd := exec.CommandContext(ctx, os.Args[0], "-test.run=^$")
			// atexit_sleep_ms: the race runtime otherwise lingers 1 s at exit.
			cmd.Env = append(os.Environ(), helperDirEnv+"="+st.Dir(), "GORACE=atexit_sleep_ms=0")
			stdin, err := cmd.StdinPipe()
			if err != nil {
				t.Fatal(err)
			}
			stdout, err := cmd.StdoutPipe()
			if err != nil {
				t.Fatal(err)
			}
			if err := cmd.Start(); err != nil {
				t.Fatal(err)
			}
			t.Cleanup(func() { _ = cmd.Process.Kill(); _ = cmd.Wait() })
			line, err := bufio.NewReader(stdout).ReadString('\n')
			if line != "locked\n" {
				t.Fatalf("holder said %q (%v)", line, err)
			}

			if _, err := st.Open(helperKey); !errors.Is(err, ErrLocked) {
				t.Fatalf("Open while another process holds the lock: %v", err)
			}
			tt.release(t, cmd, stdin)
			sv := mustOpen(t, st, helperKey)
			if got, found, err := sv.Loaded(); got.Offset != "from-child" || !found || err != nil {
				t.Fatalf("position written by the other process: %+v, %v, %v", got, found, err)
			}
		})
	}
}
