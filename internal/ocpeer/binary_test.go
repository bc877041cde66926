package ocpeer

import (
	"os"
	"slices"
	"testing"
)

func TestBinaryCandidates(t *testing.T) {
	tests := []struct {
		goos, goarch string
		want         []string // nil means unsupported
	}{
		{"linux", "amd64", []string{
			"opencode-linux-x64/bin/opencode", "opencode-linux-x64-baseline/bin/opencode",
			"opencode-linux-x64-musl/bin/opencode", "opencode-linux-x64-baseline-musl/bin/opencode",
		}},
		{"linux", "arm64", []string{"opencode-linux-arm64/bin/opencode", "opencode-linux-arm64-musl/bin/opencode"}},
		{"darwin", "amd64", []string{"opencode-darwin-x64/bin/opencode", "opencode-darwin-x64-baseline/bin/opencode"}},
		{"darwin", "arm64", []string{"opencode-darwin-arm64/bin/opencode"}},
		{"windows", "amd64", nil},
		{"linux", "riscv64", nil},
	}
	for _, tc := range tests {
		t.Run(tc.goos+"/"+tc.goarch, func(t *testing.T) {
			got, err := binaryCandidates(tc.goos, tc.goarch)
			if tc.want == nil {
				if err == nil {
					t.Fatalf("got %q, want an unsupported-platform error", got)
				}
				return
			}
			if err != nil || !slices.Equal(got, tc.want) {
				t.Errorf("got %q, %v; want %q", got, err, tc.want)
			}
		})
	}
}

func TestBinaryIsInstalledAndExecutable(t *testing.T) {
	bin, err := Binary()
	if err != nil {
		t.Fatal(err)
	}
	fi, err := os.Stat(bin)
	if err != nil || fi.Mode()&0o111 == 0 {
		t.Errorf("%s: %v, mode %v", bin, err, fi.Mode())
	}
}
