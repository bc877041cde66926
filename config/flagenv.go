package config

import (
	"fmt"
	"os"
	"strings"

	"github.com/spf13/pflag"
)

// Where a flag's value came from; flags override the environment, which
// overrides the config file.
const (
	FromFlag   = "flag"
	FromEnv    = "env"
	FromConfig = "config"
	// FromAlias marks OPENCODE_SERVER_USERNAME/PASSWORD: they are meant for
	// the local OpenCode, so a named --server's own credentials win over them.
	FromAlias = "alias"
)

// envAliases are variables other tools already define for the same setting.
var envAliases = map[string]string{
	"username": "OPENCODE_SERVER_USERNAME",
	"password": "OPENCODE_SERVER_PASSWORD",
}

// EnvName is the variable for a flag: DSTAIL_<FLAG>, dashes as underscores.
func EnvName(flag string) string {
	return "DSTAIL_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// NotSettable are flags that only make sense on the command line.
func NotSettable(name string) bool {
	return name == "help" || name == "version"
}

// CLIOnlyAnnotation marks a flag the environment and the config file must
// not set, such as `state rm --all`, which shares its name with a follow flag.
const CLIOnlyAnnotation = "dstail-cli-only"

func CLIOnly(f *pflag.Flag) bool {
	return NotSettable(f.Name) || f.Annotations[CLIOnlyAnnotation] != nil
}

// ApplyEnv fills every flag not given on the command line from the
// environment; settle also reads the config file and should be preferred.
func ApplyEnv(fs *pflag.FlagSet) error {
	set := map[string]string{}
	fs.Visit(func(f *pflag.Flag) { set[f.Name] = FromFlag })
	return ApplyEnvSet(fs, set)
}

// ApplyEnvSet fills every flag not in set from DSTAIL_<FLAG> (or its alias)
// and records it in set.
func ApplyEnvSet(fs *pflag.FlagSet, set map[string]string) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if set[f.Name] != "" || err != nil || CLIOnly(f) {
			return
		}
		name := EnvName(f.Name)
		v, ok := os.LookupEnv(name)
		if alias, has := envAliases[f.Name]; !ok && has {
			name = alias
			v, ok = os.LookupEnv(alias)
		}
		if !ok {
			return
		}
		set[f.Name] = FromEnv
		if name == envAliases[f.Name] {
			set[f.Name] = FromAlias
		}
		if f.Value.Type() == "stringArray" {
			for _, line := range strings.Split(v, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					if e := f.Value.Set(line); e != nil {
						err = fmt.Errorf("%s: %v", name, e)
					}
				}
			}
			return
		}
		if e := f.Value.Set(v); e != nil {
			shown := v
			if f.Name == "password" {
				shown = "…"
			}
			err = fmt.Errorf("%s=%q: %v", name, shown, e)
		}
	})
	return err
}
