package config

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// ReadPasswordFile reads the password on the first line of path, or of
// stdin for "-".
func ReadPasswordFile(stdin io.Reader, path string) (string, error) {
	if path == "-" {
		pw, err := FirstPasswordLine(stdin, "stdin")
		if err != nil {
			return "", fmt.Errorf("--password-file -: %v", err)
		}
		return pw, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", fmt.Errorf("--password-file: %v", err)
	}
	defer f.Close()
	pw, err := FirstPasswordLine(f, path)
	if err != nil {
		return "", fmt.Errorf("--password-file: %v", err)
	}
	return pw, nil
}

// FirstPasswordLine returns the first line of r without its line ending.
// The password never appears in an error.
func FirstPasswordLine(r io.Reader, name string) (string, error) {
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

// maxPasswordLine bounds what --password - and --password-file read.
const maxPasswordLine = 64 << 10

// PasswordFlags settles -p/--password and --password-file of fs into
// *password: a password typed on the command line is visible to every user
// of the machine (ps, /proc), so it draws warn even with --quiet; "-p -"
// reads one line from stdin and --password-file one line from a file,
// neither of which shows. set records where each flag's value came from;
// a password read from a file outranks a named server's, as -p would.
func PasswordFlags(fs *pflag.FlagSet, password *string, file string, set map[string]string, stdin io.Reader, warn func(string)) error {
	fileGiven := fs.Changed("password-file") || file != ""
	switch {
	case fileGiven && fs.Changed("password"):
		return errors.New("give -p/--password or --password-file, not both")
	case fileGiven:
		pw, err := ReadPasswordFile(stdin, file)
		if err != nil {
			return err
		}
		*password = pw
		if set != nil {
			set["password"] = set["password-file"]
		}
	case *password == "-" && fs.Changed("password"):
		pw, err := FirstPasswordLine(stdin, "stdin")
		if err != nil {
			return fmt.Errorf("--password -: %v", err)
		}
		*password = pw
	case *password != "" && fs.Changed("password"):
		warn("warning: a password given with -p/--password is visible to other users of this machine (ps); use OPENCODE_SERVER_PASSWORD or DSTAIL_PASSWORD, --password-file FILE, -p - (stdin), or password-command in the config file")
	}
	return nil
}
