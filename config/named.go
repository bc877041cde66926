package config

import (
	"context"
	"errors"
	"fmt"
	"os"
	"strings"

	"github.com/dstail/dstail/transport"
)

// Named is the [servers.NAME] table a --server that is not a URL names,
// its URL checked. A nil file names none.
func (f *File) Named(name string) (Server, error) {
	if f == nil {
		return Server{}, fmt.Errorf("--server %q is not an http(s) URL, and there is no config file naming servers (%s)", name, DefaultPath())
	}
	s, ok := f.Servers[name]
	if !ok {
		known := "none are named"
		if names := f.ServerNames(); len(names) > 0 {
			known = "named: " + strings.Join(names, ", ")
		}
		return Server{}, fmt.Errorf("--server %q is not an http(s) URL nor a server in %s (%s)", name, f.Path, known)
	}
	if _, err := transport.CheckURL(s.URL); err != nil {
		return Server{}, f.Errorf(s.Line, "servers.%s: url %q %v", name, s.URL, err)
	}
	return s, nil
}

// WeakerThanServer reports whether a value from source gives way to a named
// server's own: the command line and DSTAIL_* win, defaults, the file's
// top-level keys and the OpenCode variables do not.
func WeakerThanServer(source string) bool {
	return source == "" || source == FromConfig || source == FromAlias
}

// User is the user for s: its own, unless user came from the command line
// or the environment (source).
func (s Server) User(user, source string) string {
	if s.Username != "" && WeakerThanServer(source) {
		return s.Username
	}
	return user
}

// ServerPassword is s's password from its variable or command, unless -p or
// DSTAIL_PASSWORD gave one (source); ok is false then, and when s names
// none.
func (f *File) ServerPassword(ctx context.Context, s Server, source string) (string, bool, error) {
	if !WeakerThanServer(source) {
		return "", false, nil
	}
	pw, ok, err := s.Password(ctx, os.LookupEnv)
	if err != nil {
		return "", false, errors.New(f.Path + ": " + err.Error())
	}
	return pw, ok, nil
}
