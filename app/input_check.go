package app

import (
	"strings"

	"golang.org/x/net/http/httpguts"
)

// Local input is checked before any request: a mistake on the command line
// or in the config file can never be fixed by retrying, so it is a usage
// error (exit 2) at once rather than a connection failure retried forever.

// parseHeaderLine splits one -H value into a header name and value that
// net/http would send as given: a token name, and a value without CR, LF,
// NUL or other controls (which would otherwise fail every request).
func parseHeaderLine(line string) (name, value string, err error) {
	name, value, ok := strings.Cut(line, ":")
	name, value = strings.TrimSpace(name), strings.TrimSpace(value)
	switch {
	case !ok || name == "":
		return "", "", Usagef("-H %q: want 'Name: value'", line)
	case !httpguts.ValidHeaderFieldName(name):
		return "", "", Usagef("-H %q: %q is not a valid header name (letters, digits and !#$%%&'*+-.^_`|~ only)", line, name)
	case !httpguts.ValidHeaderFieldValue(value):
		return "", "", Usagef("-H %q: the value holds a control character (CR, LF, NUL, …), which no request may carry", line)
	}
	return name, value, nil
}
