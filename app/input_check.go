package app

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
	"strings"

	"golang.org/x/net/http/httpguts"
)

// Local input is checked before any request: a mistake on the command line
// or in the config file can never be fixed by retrying, so it is a usage
// error (exit 2) at once rather than a connection failure retried forever.

// CheckHTTPURL parses an http(s) URL and checks what the transport would
// only find out when dialling: the scheme, a host, and a port in 1-65535.
func CheckHTTPURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		var ue *url.Error
		if errors.As(err, &ue) {
			err = ue.Err // the URL itself is already in our message
		}
		return nil, fmt.Errorf("is not a valid URL: %v", err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		if u.Scheme == "" {
			return nil, errors.New("is not an http(s) URL")
		}
		return nil, fmt.Errorf("is not an http(s) URL (scheme %q)", u.Scheme)
	}
	if u.Hostname() == "" {
		return nil, errors.New("is not an http(s) URL: it has no host")
	}
	if p := u.Port(); p != "" {
		if n, err := strconv.Atoi(p); err != nil || n < 1 || n > 65535 {
			return nil, fmt.Errorf("has port %s, outside 1-65535", p)
		}
	}
	return u, nil
}

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
