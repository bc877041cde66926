// Package config reads dstail's TOML configuration file: defaults for the
// command-line flags and named servers.
//
//	idle-timeout = "30s"
//	json = true
//
//	[servers.work]
//	url = "https://opencode.example.com"
//	username = "me"
//	password-command = "pass show opencode"
//
// Top-level keys are flag names; which names exist is the caller's business
// (see File.Settings). Every problem is an *Error that names the file and line.
package config

import (
	"errors"
	"fmt"
	"io"
	"io/fs"
	"os"
	"path/filepath"
	"slices"
	"strconv"

	"github.com/adrg/xdg"
	"github.com/pelletier/go-toml/v2"
)

// maxSize bounds the file read: a config file is a few hundred bytes.
const maxSize = 1 << 20

// File is a parsed configuration file.
type File struct {
	Path     string
	Settings []Setting // top-level keys, in file order
	Servers  map[string]Server
}

// Setting is one top-level key. Values holds the value as flag text: one
// element for a scalar, one per element for an array.
type Setting struct {
	Key    string
	Values []string
	List   bool // the value was an array
	Line   int
}

// Server is one [servers.NAME] table. The password itself is never stored in
// the file: it comes from an environment variable or a command's output.
type Server struct {
	Name            string
	URL             string
	Username        string
	PasswordEnv     string
	PasswordCommand string
	Line            int
}

// Error is a problem in the file, at a line (0 when it is about the whole
// file).
type Error struct {
	Path string
	Line int
	Msg  string
}

func (e *Error) Error() string {
	if e.Line > 0 {
		return fmt.Sprintf("%s:%d: %s", e.Path, e.Line, e.Msg)
	}
	return e.Path + ": " + e.Msg
}

// Errorf returns an *Error for line of f.
func (f *File) Errorf(line int, format string, a ...any) error {
	return &Error{Path: f.Path, Line: line, Msg: fmt.Sprintf(format, a...)}
}

// DefaultPath is $XDG_CONFIG_HOME/dstail/config.toml (xdg's platform default
// when the variable is unset).
func DefaultPath() string { return filepath.Join(xdg.ConfigHome, "dstail", "config.toml") }

// Load reads and parses path. A missing file is reported with an error that
// wraps fs.ErrNotExist, so callers can treat the default path as optional.
func Load(path string) (*File, error) {
	fh, err := os.Open(path)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, fmt.Errorf("config file %s does not exist: %w", path, fs.ErrNotExist)
		}
		return nil, &Error{Path: path, Msg: "cannot read: " + unwrapPath(err).Error()}
	}
	defer fh.Close()
	data, err := io.ReadAll(io.LimitReader(fh, maxSize+1))
	if err != nil {
		return nil, &Error{Path: path, Msg: "cannot read: " + unwrapPath(err).Error()}
	}
	if len(data) > maxSize {
		return nil, &Error{Path: path, Msg: fmt.Sprintf("larger than %d bytes", maxSize)}
	}
	return Parse(path, data)
}

// Parse parses data read from path (used in messages only).
func Parse(path string, data []byte) (*File, error) {
	var doc map[string]any
	if err := toml.Unmarshal(data, &doc); err != nil {
		var de *toml.DecodeError
		if errors.As(err, &de) {
			line, _ := de.Position()
			return nil, &Error{Path: path, Line: line, Msg: "malformed TOML: " + trimPrefix(de.Error())}
		}
		return nil, &Error{Path: path, Msg: "malformed TOML: " + err.Error()}
	}
	lines, err := keyLines(data)
	if err != nil {
		return nil, &Error{Path: path, Msg: "malformed TOML: " + err.Error()}
	}
	f := &File{Path: path, Servers: map[string]Server{}}
	for _, key := range sortedByLine(doc, lines, nil) {
		line := lines.of(key)
		if key == "servers" {
			if err := f.servers(doc[key], lines, line); err != nil {
				return nil, err
			}
			continue
		}
		s, err := setting(doc[key])
		if err != nil {
			return nil, f.Errorf(line, "%s: %v", key, err)
		}
		s.Key, s.Line = key, line
		f.Settings = append(f.Settings, s)
	}
	return f, nil
}

// ServerNames lists the named servers, sorted.
func (f *File) ServerNames() []string {
	names := make([]string, 0, len(f.Servers))
	for name := range f.Servers {
		names = append(names, name)
	}
	slices.Sort(names)
	return names
}

// setting turns a top-level value into flag text.
func setting(v any) (Setting, error) {
	if list, ok := v.([]any); ok {
		s := Setting{List: true}
		for _, e := range list {
			text, err := scalar(e)
			if err != nil {
				return Setting{}, err
			}
			s.Values = append(s.Values, text)
		}
		return s, nil
	}
	text, err := scalar(v)
	if err != nil {
		return Setting{}, err
	}
	return Setting{Values: []string{text}}, nil
}

func scalar(v any) (string, error) {
	switch v := v.(type) {
	case string:
		return v, nil
	case bool:
		return strconv.FormatBool(v), nil
	case int64:
		return strconv.FormatInt(v, 10), nil
	case float64:
		return strconv.FormatFloat(v, 'f', -1, 64), nil
	case map[string]any:
		return "", errors.New("a table is not a flag value (named servers go in [servers.NAME])")
	case []any:
		return "", errors.New("nested arrays are not flag values")
	}
	return "", fmt.Errorf("a %T is not a flag value; use a string", v)
}

func trimPrefix(msg string) string {
	const p = "toml: "
	if len(msg) > len(p) && msg[:len(p)] == p {
		return msg[len(p):]
	}
	return msg
}

func unwrapPath(err error) error {
	var pe *fs.PathError
	if errors.As(err, &pe) {
		return pe.Err
	}
	return err
}
