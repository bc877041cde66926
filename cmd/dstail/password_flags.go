package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/spf13/cobra"
	"github.com/spf13/pflag"
)

// passwordStdin is where --password - reads; tests replace it.
var passwordStdin io.Reader = os.Stdin

// maxPasswordLine bounds what --password - and --password-file read.
const maxPasswordLine = 64 << 10

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
		return usagef("give -p/--password or --password-file, not both")
	}
	switch {
	case fileGiven:
		pw, err := readPasswordFile(o.passwordFile)
		if err != nil {
			return err
		}
		o.password = pw
		if o.set != nil {
			o.set["password"] = o.set["password-file"] // it outranks a named server's as the flag would
		}
	case o.password == "-" && flags.Changed("password"):
		pw, err := firstPasswordLine(passwordStdin, "stdin")
		if err != nil {
			return usagef("--password -: %v", err)
		}
		o.password = pw
	case o.password != "" && flags.Changed("password"):
		n := &noticePrinter{w: stderr}
		n.warn("warning: a password given with -p/--password is visible to other users of this machine (ps); use OPENCODE_SERVER_PASSWORD or DSTAIL_PASSWORD, --password-file FILE, -p - (stdin), or password-command in the config file")
	}
	return nil
}

func readPasswordFile(path string) (string, error) {
	if path == "-" {
		pw, err := firstPasswordLine(passwordStdin, "stdin")
		if err != nil {
			return "", usagef("--password-file -: %v", err)
		}
		return pw, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", usagef("--password-file: %v", err)
	}
	defer f.Close()
	pw, err := firstPasswordLine(f, path)
	if err != nil {
		return "", usagef("--password-file: %v", err)
	}
	return pw, nil
}

// firstPasswordLine returns the first line of r without its line ending.
// The password never appears in an error.
func firstPasswordLine(r io.Reader, name string) (string, error) {
	line, err := bufio.NewReader(io.LimitReader(r, maxPasswordLine)).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return "", errors.New("cannot read " + name + ": " + err.Error())
	}
	line = strings.TrimRight(line, "\r\n")
	if line == "" {
		return "", errors.New(name + " holds no password on its first line")
	}
	return line, nil
}
