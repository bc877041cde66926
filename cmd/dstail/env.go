package main

import (
	"os"
	"strings"

	"github.com/dstail/dstail/app"
	"github.com/spf13/pflag"
)

// Where a flag's value came from; flags override the environment, which
// overrides the config file.
const (
	fromFlag   = "flag"
	fromEnv    = "env"
	fromConfig = "config"
	// fromAlias marks OPENCODE_SERVER_USERNAME/PASSWORD: they are meant for
	// the local OpenCode, so a named --server's own credentials win over them.
	fromAlias = "alias"
)

// envAliases are variables other tools already define for the same setting.
var envAliases = map[string]string{
	"username": "OPENCODE_SERVER_USERNAME",
	"password": "OPENCODE_SERVER_PASSWORD",
}

// envName is the variable for a flag: DSTAIL_<FLAG>, dashes as underscores.
func envName(flag string) string {
	return "DSTAIL_" + strings.ToUpper(strings.ReplaceAll(flag, "-", "_"))
}

// notSettable are flags that only make sense on the command line.
func notSettable(name string) bool {
	return name == "help" || name == "version"
}

// cliOnlyAnnotation marks a flag the environment and the config file must
// not set, such as `state rm --all`, which shares its name with a follow flag.
const cliOnlyAnnotation = "dstail-cli-only"

func cliOnly(f *pflag.Flag) bool {
	return notSettable(f.Name) || f.Annotations[cliOnlyAnnotation] != nil
}

// applyEnv fills every flag not given on the command line from the
// environment; settle also reads the config file and should be preferred.
func applyEnv(fs *pflag.FlagSet) error {
	set := map[string]string{}
	fs.Visit(func(f *pflag.Flag) { set[f.Name] = fromFlag })
	return applyEnvSet(fs, set)
}

// applyEnvSet fills every flag not in set from DSTAIL_<FLAG> (or its alias)
// and records it in set.
func applyEnvSet(fs *pflag.FlagSet, set map[string]string) error {
	var err error
	fs.VisitAll(func(f *pflag.Flag) {
		if set[f.Name] != "" || err != nil || cliOnly(f) {
			return
		}
		name := envName(f.Name)
		v, ok := os.LookupEnv(name)
		if alias, has := envAliases[f.Name]; !ok && has {
			name = alias
			v, ok = os.LookupEnv(alias)
		}
		if !ok {
			return
		}
		set[f.Name] = fromEnv
		if name == envAliases[f.Name] {
			set[f.Name] = fromAlias
		}
		if f.Value.Type() == "stringArray" {
			for _, line := range strings.Split(v, "\n") {
				if line = strings.TrimSpace(line); line != "" {
					if e := f.Value.Set(line); e != nil {
						err = app.Usagef("%s: %v", name, e)
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
			err = app.Usagef("%s=%q: %v", name, shown, e)
		}
	})
	return err
}
