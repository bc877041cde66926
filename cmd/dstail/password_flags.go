package main

import (
	"fmt"
	"io"
	"os"

	"github.com/dstail/dstail/app"
	"github.com/dstail/dstail/config"
	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// passwordStdin is where --password - reads; tests replace it.
var passwordStdin io.Reader = os.Stdin

// addPasswordFileFlag registers --password-file beside -p/--password.
func addPasswordFileFlag(f *pflag.FlagSet, o *options) {
	f.StringVar(&o.passwordFile, "password-file", "", "read the OpenCode password from the first line of FILE (safer than -p, which other users can see in ps)")
}

// readPasswordFlags settles -p and --password-file (config.PasswordFlags).
func (o *options) readPasswordFlags(cmd *cobra.Command, stderr io.Writer) error {
	warn := func(msg string) { fmt.Fprintln(stderr, "dstail: "+msg) }
	if err := config.PasswordFlags(cmd.Flags(), &o.Password, o.passwordFile, o.set, passwordStdin, warn); err != nil {
		return app.UsageError{Msg: err.Error()}
	}
	return nil
}
