package e2emdns

import (
	"bytes"
	"os"
	"os/exec"
	"strings"
	"testing"

	"github.com/dstail/dstail/internal/testbin"
)

// Set in the copy of the test binary that runs inside the namespace.
const (
	insideEnv = "DSTAIL_E2EMDNS_INSIDE" // the namespace is set up
	binEnv    = "DSTAIL_E2EMDNS_BIN"    // the dstail binary built outside
)

// inNamespace runs the test named name again inside a new network
// namespace and reports its result; it returns false in the copy already
// inside, which then runs the test's body. Where no namespace can be made
// (not root, no unshare) the test is skipped, except in CI, where it must
// run.
func inNamespace(t *testing.T, name string) bool {
	t.Helper()
	if os.Getenv(insideEnv) != "" {
		setupLoopback(t)
		return false
	}
	if out, err := exec.Command("unshare", "-n", "true").CombinedOutput(); err != nil {
		msg := "cannot create a network namespace (unshare -n needs root or user namespaces): " + strings.TrimSpace(string(out)) + " " + err.Error()
		if os.Getenv("CI") != "" {
			t.Fatal(msg)
		}
		t.Skip(msg)
	}
	bin, cleanup, err := testbin.Build("dstail-e2emdns-")
	if err != nil {
		t.Fatal(err)
	}
	defer cleanup()
	cmd := exec.Command("unshare", "-n", os.Args[0], "-test.run", "^"+name+"$", "-test.v", "-test.timeout", "5m")
	cmd.Env = append(os.Environ(), insideEnv+"=1", binEnv+"="+bin)
	var out bytes.Buffer
	cmd.Stdout, cmd.Stderr = &out, &out
	err = cmd.Run()
	t.Logf("inside the namespace:\n%s", out.String())
	if err != nil {
		t.Fatalf("the test inside the namespace failed: %v", err)
	}
	if !strings.Contains(out.String(), "--- PASS: "+name) {
		t.Fatal("the test inside the namespace did not pass")
	}
	return true
}

// setupLoopback brings lo up with multicast and routes the multicast range
// to it: the namespace's only network.
func setupLoopback(t *testing.T) {
	t.Helper()
	for _, args := range [][]string{
		{"link", "set", "lo", "up"},
		{"link", "set", "lo", "multicast", "on"},
		{"route", "add", "224.0.0.0/4", "dev", "lo"},
	} {
		if out, err := exec.Command("ip", args...).CombinedOutput(); err != nil {
			t.Fatalf("ip %s: %v\n%s", strings.Join(args, " "), err, out)
		}
	}
}
