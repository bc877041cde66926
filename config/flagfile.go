package config

import (
	"errors"
	"fmt"
	"io/fs"

	"github.com/spf13/pflag"
)

// LoadFlagFile reads --config, or the default file when there is one; a
// missing default file is no error.
func LoadFlagFile(path string, explicit bool) (*File, error) {
	if path == "" {
		path = DefaultPath()
	}
	f, err := Load(path)
	switch {
	case errors.Is(err, fs.ErrNotExist) && !explicit:
		return nil, nil
	case errors.Is(err, fs.ErrNotExist):
		return nil, fmt.Errorf("%v (check --config or DSTAIL_CONFIG)", err)
	case err != nil:
		return nil, err
	}
	return f, nil
}

// ApplyToFlags sets the flags of fs that the command line and the
// environment left alone (those not in set) from the file's top-level keys,
// and records them in set. Keys are checked against known, the root
// command's flags, so one file serves every subcommand.
func (file *File) ApplyToFlags(known, fs *pflag.FlagSet, set map[string]string) error {
	for _, s := range file.Settings {
		switch {
		case s.Key == "password":
			return file.Errorf(s.Line, "the password is not kept in the config file; use password-env or password-command in a [servers.NAME] table")
		case s.Key == "config" || NotSettable(s.Key) || known.Lookup(s.Key) == nil:
			return file.Errorf(s.Line, "unknown key %q: top-level keys are flag names without dashes in front (see dstail --help)", s.Key)
		}
		f := fs.Lookup(s.Key)
		if f == nil || set[s.Key] != "" || CLIOnly(f) {
			continue // another command's flag, or given on the command line or in the environment
		}
		list := f.Value.Type() == "stringArray" || f.Value.Type() == "stringSlice"
		if s.List && !list {
			return file.Errorf(s.Line, "%s takes one value, not a list", s.Key)
		}
		for _, v := range s.Values {
			if err := f.Value.Set(v); err != nil {
				return file.Errorf(s.Line, "%s: %s", s.Key, badValue(f, v, err))
			}
		}
		set[s.Key] = FromConfig
	}
	return nil
}

// badValue explains a value a flag refused, by the kind of value it takes.
func badValue(f *pflag.Flag, v string, err error) string {
	want := map[string]string{
		"bool":     "true or false",
		"duration": "a duration such as 30s or 2m",
		"int":      "a whole number",
	}[f.Value.Type()]
	if want == "" {
		return err.Error()
	}
	return fmt.Sprintf("invalid value %q, want %s", v, want)
}
