package transport

import (
	"errors"
	"fmt"
	"net/url"
	"strconv"
)

// CheckURL parses an http(s) URL given locally (a flag, the config file)
// and checks what a request would only find out when dialling: the scheme, a host, and a port in 1-65535.
func CheckURL(raw string) (*url.URL, error) {
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
