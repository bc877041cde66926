package main

import (
	"fmt"
	"io"
	"runtime"

	"github.com/dstail/dstail/app"
	"github.com/spf13/cobra"
)

// versionLine is what --version and `dstail version` print first.
func versionLine() string { return app.Version(version, commit) }

func newVersionCmd(stdout io.Writer) *cobra.Command {
	return &cobra.Command{
		Use:   "version",
		Short: "Print the version, commit and Go version",
		Args:  noArgs("version"),
		RunE: func(*cobra.Command, []string) error {
			_, err := fmt.Fprintf(stdout, "dstail %s\ngo %s %s/%s\n", versionLine(), runtime.Version(), runtime.GOOS, runtime.GOARCH)
			return err
		},
	}
}

// noArgs rejects arguments with a usage error (cobra's own is not one).
func noArgs(name string) cobra.PositionalArgs {
	return func(_ *cobra.Command, args []string) error {
		if len(args) > 0 {
			return app.Usagef("dstail %s takes no arguments, got %q", name, args[0])
		}
		return nil
	}
}
