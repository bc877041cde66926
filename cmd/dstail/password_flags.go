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

// readPasswordFlags settles -p and --password-file: a password typed on the
// command line is visible to every user of the machine (ps, /proc), so it
// draws a warning even with --quiet; "-p -" reads one line from stdin and
// --password-file one line from a file, neither of which shows.
func (o *options) readPasswordFlags(cmd *cobra.Command, stderr io.Writer) error {
	flags := cmd.Flags()
	fileGiven := flags.Changed("password-file") || o.passwordFile != ""
	if fileGiven && flags.Changed("password") {
		return app.Usagef("give -p/--password or --password-file, not both")
	}
	switch {
	case fileGiven:
		pw, err := config.ReadPasswordFile(passwordStdin, o.passwordFile)
		if err != nil {
			return app.UsageError{Msg: err.Error()}
		}
		o.Password = pw
		if o.set != nil {
			o.set["password"] = o.set["password-file"] // it outranks a named server's as the flag would
		}
	case o.Password == "-" && flags.Changed("password"):
		pw, err := config.FirstPasswordLine(passwordStdin, "stdin")
		if err != nil {
			return app.Usagef("--password -: %v", err)
		}
		o.Password = pw
	case o.Password != "" && flags.Changed("password"):
		fmt.Fprintln(stderr, "dstail: warning: a password given with -p/--password is visible to other users of this machine (ps); use OPENCODE_SERVER_PASSWORD or DSTAIL_PASSWORD, --password-file FILE, -p - (stdin), or password-command in the config file")
	}
	return nil
}
