package main

import (
	"bufio"
	"errors"
	"io"
	"os"
	"strings"

	"github.com/dstail/dstail/app"
)

func readPasswordFile(path string) (string, error) {
	if path == "-" {
		pw, err := firstPasswordLine(passwordStdin, "stdin")
		if err != nil {
			return "", app.Usagef("--password-file -: %v", err)
		}
		return pw, nil
	}
	f, err := os.Open(path)
	if err != nil {
		return "", app.Usagef("--password-file: %v", err)
	}
	defer f.Close()
	pw, err := firstPasswordLine(f, path)
	if err != nil {
		return "", app.Usagef("--password-file: %v", err)
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
