package config

import (
	"bufio"
	"errors"
	"fmt"
	"io"
	"os"
	"strings"
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
