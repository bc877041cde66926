package e2e

import (
	"fmt"
	"os"
	"testing"

	"github.com/dstail/dstail/internal/testbin"
)

// dstailBin is the binary under test, built once by TestMain.
var dstailBin string

func TestMain(m *testing.M) {
	os.Exit(buildAndRun(m))
}

func buildAndRun(m *testing.M) int {
	bin, cleanup, err := testbin.Build("dstail-e2e-")
	if err != nil {
		fmt.Fprintln(os.Stderr, "e2e:", err)
		return 1
	}
	defer cleanup()
	dstailBin = bin
	return m.Run()
}
