package config

import (
	"fmt"
	"net/url"
	"strings"
)

// serverKeys are the keys a [servers.NAME] table may hold.
var serverKeys = []string{"url", "username", "password-env", "password-command"}

// servers reads the [servers.NAME] tables.
func (f *File) servers(v any, lines lineIndex, line int) error {
	tables, ok := v.(map[string]any)
	if !ok {
		return f.Errorf(line, "servers must be tables: [servers.NAME] with url = \"…\"")
	}
	for _, name := range sortedByLine(tables, lines, []string{"servers"}) {
		at := lines.of("servers", name)
		table, ok := tables[name].(map[string]any)
		if !ok {
			return f.Errorf(at, "servers.%s must be a table: [servers.%s] with url = \"…\"", name, name)
		}
		s := Server{Name: name, Line: at}
		for _, key := range sortedByLine(table, lines, []string{"servers", name}) {
			if err := s.set(key, table[key]); err != nil {
				return f.Errorf(lines.of("servers", name, key), "servers.%s: %v", name, err)
			}
		}
		if err := s.check(); err != nil {
			return f.Errorf(at, "servers.%s: %v", name, err)
		}
		f.Servers[name] = s
	}
	return nil
}

func (s *Server) set(key string, v any) error {
	text, ok := v.(string)
	if !ok {
		if !known(key) {
			return unknownServerKey(key)
		}
		return fmt.Errorf("%s must be a string", key)
	}
	switch key {
	case "url":
		s.URL = text
	case "username":
		s.Username = text
	case "password-env":
		s.PasswordEnv = text
	case "password-command":
		s.PasswordCommand = text
	default:
		return unknownServerKey(key)
	}
	return nil
}

func known(key string) bool {
	for _, k := range serverKeys {
		if k == key {
			return true
		}
	}
	return false
}

func unknownServerKey(key string) error {
	if key == "password" {
		return fmt.Errorf("passwords are not kept in the config file; use password-env (a variable's name) or password-command")
	}
	return fmt.Errorf("unknown key %q (want %s)", key, strings.Join(serverKeys, ", "))
}

func (s *Server) check() error {
	if s.URL == "" {
		return fmt.Errorf("url is missing")
	}
	u, err := url.Parse(s.URL)
	if err != nil || (u.Scheme != "http" && u.Scheme != "https") || u.Host == "" {
		return fmt.Errorf("url is not an http(s) URL such as https://host:4096")
	}
	if u.User != nil {
		return fmt.Errorf("url must not hold credentials; use username and password-env or password-command")
	}
	if s.PasswordEnv != "" && s.PasswordCommand != "" {
		return fmt.Errorf("set password-env or password-command, not both")
	}
	return nil
}
